/* "sliver-runner start"; see start.c. */
#ifndef START_H
#define START_H

int start_sliver(int argc, char **argv);

#endif
