#!/usr/bin/env python3
"""Builds the services' base image without Docker: a distroless Java runtime.

One layer: a jlink'd Java runtime made from the build's own JDK (only the modules the
services use, and the JDK's class-data archive written for them), the few shared libraries
it and the bundled natives (Netty, OR-Tools) load, an unprivileged user (10001) and nothing else - no shell, no package manager. Written as a
`docker save` archive, which Jib takes as a base image (tar://...).

Usage: java-runtime.py OUTPUT.tar   (JAVA_HOME: a JDK 17 with jmods)
"""
import gzip, hashlib, io, json, os, shutil, subprocess, sys, tarfile, tempfile

MODULES = [
    # jdeps over the three services' libraries, plus what runs without being linked
    # statically: EC keys for TLS, DNS for the gRPC resolver, JFR for diagnosis.
    "java.base", "java.compiler", "java.desktop", "java.logging", "java.management",
    "java.naming", "java.net.http", "java.rmi", "java.security.jgss", "java.security.sasl", "java.sql",
    "java.transaction.xa", "java.xml", "jdk.crypto.ec", "jdk.jfr", "jdk.localedata", "jdk.management",
    "jdk.management.jfr", "jdk.naming.dns", "jdk.unsupported", "jdk.zipfs",
]
# The C and C++ runtimes (OR-Tools' natives need libstdc++), zlib for the JDK's zip.
SYSTEM_LIBRARIES = [
    "/lib64/ld-linux-x86-64.so.2", "libc.so.6", "libm.so.6", "libdl.so.2", "libpthread.so.0",
    "librt.so.1", "libgcc_s.so.1", "libstdc++.so.6", "libz.so.1",
]
LIB_DIR = "/lib/x86_64-linux-gnu"
USER = 10001
EPOCH = 0  # fixed timestamps: the same inputs give the same image digest


def jlink(java_home, target):
    subprocess.run([
        os.path.join(java_home, "bin", "jlink"), "--module-path", os.path.join(java_home, "jmods"),
        "--add-modules", ",".join(MODULES), "--include-locales=en,fr", "--strip-debug",
        # Uncompressed modules: the image layer is gzipped anyway (smaller that way: 27 vs 34 MiB).
        "--no-man-pages", "--no-header-files", "--output", target], check=True)
    # The JDK's own class-data archive (lib/server/classes.jsa), which a jlink'd runtime lacks:
    # without it every start parses and verifies the JDK's classes again (0.4-0.5 s of a service's
    # start from its image here, benchmarks/README.md). Not jlink's --generate-cds-archive: on JDK 17 that writes
    # different bytes each time. One thread, the serial collector (no archived heap objects) and
    # constant identity hashes while dumping make the same runtime give the same archive.
    subprocess.run([os.path.join(target, "bin", "java"), "-Xshare:dump", "-XX:+UseSerialGC", "-XX:ActiveProcessorCount=1",
                    "-XX:+UnlockExperimentalVMOptions", "-XX:hashCode=2"], check=True, stdout=subprocess.DEVNULL)
    # Drop the desktop natives (AWT, fonts, sound): never loaded headless, and they would
    # need X11 libraries.
    for name in os.listdir(os.path.join(target, "lib")):
        if name.startswith(("libawt", "libfontmanager", "libjawt", "libjsound", "liblcms", "libmlib", "libsplashscreen", "libjavajpeg")):
            os.remove(os.path.join(target, "lib", name))


def add_file(tar, arcname, data=None, path=None, mode=0o644, uid=0, gid=0):
    info = tarfile.TarInfo(arcname)
    info.mtime, info.uid, info.gid, info.mode = EPOCH, uid, gid, mode
    if path is not None:
        with open(path, "rb") as f:
            data = f.read()
    info.size = len(data)
    tar.addfile(info, io.BytesIO(data))


def add_dir(tar, arcname, mode=0o755, uid=0, gid=0):
    info = tarfile.TarInfo(arcname)
    info.type, info.mtime, info.uid, info.gid, info.mode = tarfile.DIRTYPE, EPOCH, uid, gid, mode
    tar.addfile(info)


def layer(runtime):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for d in ["etc", "lib", LIB_DIR[1:], "lib64", "opt", "home"]:
            add_dir(tar, d)
        add_dir(tar, "tmp", mode=0o1777)
        add_dir(tar, "home/nonroot", mode=0o700, uid=USER, gid=USER)
        add_file(tar, "etc/passwd", b"root:x:0:0:root:/root:/sbin/nologin\n"
                 b"nonroot:x:%d:%d:nonroot:/home/nonroot:/sbin/nologin\n" % (USER, USER))
        add_file(tar, "etc/group", b"root:x:0:\nnonroot:x:%d:\n" % USER)
        add_file(tar, "etc/nsswitch.conf", b"hosts: files dns\n")
        packages = []
        for lib in SYSTEM_LIBRARIES:
            path = lib if lib.startswith("/") else os.path.join(LIB_DIR, lib)
            add_file(tar, path[1:], path=os.path.realpath(path), mode=0o755)
            owner = next((out.split(":")[0] for p in (path, os.path.realpath(path))
                          if (out := subprocess.run(["dpkg", "-S", p], capture_output=True, text=True).stdout)), "")
            if owner:
                version = subprocess.run(["dpkg-query", "-W", "-f=${Version}", owner], capture_output=True, text=True).stdout
                packages.append(f"{owner} {version}")
        # What the image holds, for scanners and audits.
        release = open(os.path.join(runtime, "release")).read()
        add_file(tar, "opt/java-runtime.txt", ("\n".join(sorted(set(packages))) + "\n\n" + release).encode())
        for root, dirs, files in os.walk(runtime):
            dirs.sort()
            rel = os.path.relpath(root, runtime)
            base = "opt/java" if rel == "." else f"opt/java/{rel}"
            add_dir(tar, base)
            for name in sorted(files):
                path = os.path.join(root, name)
                add_file(tar, f"{base}/{name}", path=path, mode=os.stat(path).st_mode & 0o777)
    return buf.getvalue()


def main(output):
    java_home = os.environ.get("JAVA_HOME") or os.path.dirname(os.path.dirname(os.path.realpath(shutil.which("java"))))
    with tempfile.TemporaryDirectory() as work:
        runtime = os.path.join(work, "java")
        jlink(java_home, runtime)
        tar_bytes = layer(runtime)
    diff_id = "sha256:" + hashlib.sha256(tar_bytes).hexdigest()
    config = {
        "architecture": "amd64", "os": "linux", "created": "1970-01-01T00:00:00Z",
        "config": {
            "User": f"{USER}:{USER}",
            "Env": ["PATH=/opt/java/bin", "JAVA_HOME=/opt/java", "LANG=C.UTF-8", "TZ=UTC"],
            "WorkingDir": "/home/nonroot",
            "Labels": {"org.opencontainers.image.title": "renfort java runtime",
                       "org.opencontainers.image.description": "jlink'd Java runtime, C/C++ runtime libraries, no shell"},
        },
        "rootfs": {"type": "layers", "diff_ids": [diff_id]},
        "history": [{"created": "1970-01-01T00:00:00Z", "created_by": "images/java-runtime.py"}],
    }
    config_bytes = json.dumps(config, sort_keys=True).encode()
    config_name = hashlib.sha256(config_bytes).hexdigest() + ".json"
    manifest = [{"Config": config_name, "RepoTags": ["renfort/java-runtime:17"], "Layers": ["layer.tar"]}]
    os.makedirs(os.path.dirname(os.path.abspath(output)), exist_ok=True)
    with tarfile.open(output, "w", format=tarfile.PAX_FORMAT) as out:
        add_file(out, config_name, config_bytes)
        add_file(out, "layer.tar", tar_bytes)
        add_file(out, "manifest.json", json.dumps(manifest).encode())
    # What a registry stores (Jib gzips the layer when it pushes).
    compressed = len(gzip.compress(tar_bytes, compresslevel=6, mtime=0)) / 2**20
    print(f"{output}: {len(tar_bytes) / 2**20:.1f} MiB, {compressed:.1f} MiB compressed, layer {diff_id}")


if __name__ == "__main__":
    main(sys.argv[1])
