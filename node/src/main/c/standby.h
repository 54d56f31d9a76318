/* Standby runners and the mount holder; see standby.c. */
#ifndef STANDBY_H
#define STANDBY_H

int standby(int argc, char **argv);
int hold_mounts(void);

#endif
