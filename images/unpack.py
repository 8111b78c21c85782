#!/usr/bin/env python3
"""Unpacks a `docker save` archive into a root filesystem, layer by layer (whiteouts
honoured), with the mount points a kubelet fills (/proc, /dev, /tmp, /etc/hosts,
/etc/resolv.conf): the end-to-end suite runs the services from these (see
devstack ServiceProcess, -Drenfort.service.images).

Usage: unpack.py IMAGE.tar ROOTFS_DIR
"""
import json, os, shutil, sys, tarfile


def unpack(archive, rootfs):
    shutil.rmtree(rootfs, ignore_errors=True)
    os.makedirs(rootfs)
    with tarfile.open(archive) as image:
        manifest = json.load(image.extractfile("manifest.json"))[0]
        for name in manifest["Layers"]:
            with tarfile.open(fileobj=image.extractfile(name), mode="r:*") as layer:
                members = []
                for m in layer.getmembers():
                    base = os.path.basename(m.name)
                    if base.startswith(".wh."):
                        target = os.path.join(rootfs, os.path.dirname(m.name), base[4:])
                        if os.path.isdir(target):
                            shutil.rmtree(target)
                        elif os.path.lexists(target):
                            os.remove(target)
                    else:
                        members.append(m)
                layer.extractall(rootfs, members=members, numeric_owner=True, filter="fully_trusted")
    for d in ("proc", "tmp", "dev"):
        os.makedirs(os.path.join(rootfs, d), exist_ok=True)
    for f in ("etc/hosts", "etc/resolv.conf"):
        open(os.path.join(rootfs, f), "a").close()


if __name__ == "__main__":
    unpack(sys.argv[1], sys.argv[2])
