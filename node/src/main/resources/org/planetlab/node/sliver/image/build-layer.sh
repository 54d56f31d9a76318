# Installs Debian packages into a copy of a sliver image (docs/image.md, "Packages in a layer").
# Run by the node agent as: nsenter --net=BUILD-NAMESPACE unshare --mount --pid --fork ... sh -c
# "$(this script)" build-layer STAGING PACKAGE...; the build namespace has only a loopback on
# which the agent relays to the package repository, and everything mounted here ends with the
# mount namespace. Package names are checked (Debian's grammar) before they get here, and each is
# one argument.
set -eu
staging=$1
shift
build=/tmp/planetlab-layer-build
mount --make-rprivate /
mount -t proc proc "$staging/proc"
mount -t tmpfs -o mode=0755,size=1m tmpfs "$staging/dev"
for device in null zero full random urandom; do
    : > "$staging/dev/$device"
    mount --bind "/dev/$device" "$staging/dev/$device"
done
# No service a package ships is started in the build.
printf '#!/bin/sh\nexit 101\n' > "$staging/usr/sbin/policy-rc.d"
chmod 755 "$staging/usr/sbin/policy-rc.d"
in_image() {
    chroot "$staging" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LC_ALL=C DEBIAN_FRONTEND=noninteractive "$@"
}
apt_options="-q -y -o Dir::Etc::SourceList=$build/sources.list -o Dir::Etc::SourceParts=$build/parts -o Acquire::Languages=none
    -o APT::Install-Recommends=false -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold"
# shellcheck disable=SC2086
in_image apt-get $apt_options update
# shellcheck disable=SC2086
in_image apt-get $apt_options install -- "$@"
# shellcheck disable=SC2086
in_image apt-get $apt_options clean
rm -f "$staging/usr/sbin/policy-rc.d"
rm -rf "$staging/var/lib/apt/lists"/* "$staging/var/log"/* "$staging$build"
