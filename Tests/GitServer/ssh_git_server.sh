#!/usr/bin/env bash
# A throw-away sshd on 127.0.0.1 serving one bare git repository, for clone-with-SSH-key tests.
#
# Usage: ssh_git_server.sh DIR
#
# In DIR it generates a host key and a client ed25519 key pair (no passphrase), a bare repository
# `repo.git` with one commit and an sshd_config that only accepts the client key for the current
# user. It starts `/usr/sbin/sshd -D` in the background on a free port, waits until the port accepts
# connections and prints exactly one line on stdout:
#
#   PORT <port> KEY <private key path> REPO <absolute path of repo.git> PID <sshd pid>
#
# then exits; sshd keeps running until the caller kills PID. sshd writes its log to DIR/sshd.log.
# Nothing outside DIR is written: clients keep the host key in their own known_hosts, never ~/.ssh.
# Everything else goes to stderr.
set -euo pipefail

SSHD=/usr/sbin/sshd

fail() {
    echo "ssh_git_server.sh: $*" >&2
    exit 1
}

[[ $# -eq 1 ]] || fail "usage: ssh_git_server.sh DIR"
[[ -x $SSHD ]] || fail "$SSHD is missing; install openssh-server (apt-get install -y openssh-server)"
command -v ssh-keygen >/dev/null || fail "ssh-keygen is missing; install openssh-client"
command -v git >/dev/null || fail "git is missing"
command -v python3 >/dev/null || fail "python3 is missing (used to find a free port)"

mkdir -p "$1"
DIR=$(cd "$1" && pwd -P)
USER_NAME=$(id -un)

# sshd refuses to start without its privilege-separation directory.
mkdir -p /run/sshd
chmod 0755 /run/sshd

HOST_KEY="$DIR/ssh_host_ed25519_key"
CLIENT_KEY="$DIR/client_ed25519"
rm -f "$HOST_KEY" "$HOST_KEY.pub" "$CLIENT_KEY" "$CLIENT_KEY.pub"
ssh-keygen -q -t ed25519 -N "" -C "cm-test-host" -f "$HOST_KEY" >&2
ssh-keygen -q -t ed25519 -N "" -C "cm-test-client" -f "$CLIENT_KEY" >&2
chmod 0600 "$HOST_KEY" "$CLIENT_KEY"

# A bare repository with one commit.
REPO="$DIR/repo.git"
WORK="$DIR/repo-work"
rm -rf "$REPO" "$WORK"
mkdir -p "$WORK"
printf '# repo\n' >"$WORK/README.md"
git -C "$WORK" init -q -b main >&2
git -C "$WORK" add README.md >&2
git -C "$WORK" -c user.email=t@example.com -c user.name=Test commit -q -m init >&2
git clone -q --bare "$WORK" "$REPO" >&2
rm -rf "$WORK"

free_port() {
    python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
}

accepts_connections() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# The port is free when chosen but could be taken before sshd binds it: try a few.
for attempt in 1 2 3 4 5; do
    PORT=$(free_port)
    CONFIG="$DIR/sshd_config"
    cat >"$CONFIG" <<EOF
ListenAddress 127.0.0.1
Port $PORT
HostKey $HOST_KEY
PidFile $DIR/sshd.pid
AuthorizedKeysFile $CLIENT_KEY.pub
AllowUsers $USER_NAME
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
LogLevel VERBOSE
EOF
    "$SSHD" -t -f "$CONFIG" >&2 || fail "sshd rejected $CONFIG"

    # Detached from our stdout/stderr so whoever reads our output sees EOF once we exit.
    "$SSHD" -D -f "$CONFIG" -E "$DIR/sshd.log" </dev/null >/dev/null 2>&1 &
    PID=$!

    for _ in $(seq 1 200); do
        if accepts_connections "$PORT"; then
            echo "PORT $PORT KEY $CLIENT_KEY REPO $REPO PID $PID"
            exit 0
        fi
        kill -0 "$PID" 2>/dev/null || break
        sleep 0.05
    done
    kill -9 "$PID" 2>/dev/null || true
    wait "$PID" 2>/dev/null || true
    echo "ssh_git_server.sh: sshd did not listen on port $PORT (attempt $attempt); log:" >&2
    cat "$DIR/sshd.log" >&2 2>/dev/null || true
done
fail "could not start sshd; see $DIR/sshd.log"
