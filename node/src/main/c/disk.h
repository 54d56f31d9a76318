/* A sliver's btrfs subvolume and quota; see disk.c. */
#ifndef DISK_H
#define DISK_H

int disk_create(const char *path, long quota_bytes);
void disk_create_subvolume(const char *path);
void disk_prepare_spare(const char *path);
int disk_limit(const char *path, long quota_bytes);
int disk_remove(const char *path);

#endif
