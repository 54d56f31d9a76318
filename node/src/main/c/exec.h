/* "sliver-runner exec"; see exec.c. */
#ifndef EXEC_H
#define EXEC_H

int exec_in_sliver(int argc, char **argv);

#endif
