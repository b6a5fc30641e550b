#!/bin/sh
# Install the build and test dependencies that pkg-config cannot find,
# with Debian's package names; do nothing when all are present.
set -u
missing=
command -v pkg-config >/dev/null 2>&1 || missing="pkg-config"
have() { command -v pkg-config >/dev/null 2>&1 && pkg-config --exists "$1"; }
have libgit2 || missing="$missing libgit2-dev"
have yaml-0.1 || missing="$missing libyaml-dev"
have libpcre2-8 || missing="$missing libpcre2-dev"
have cmocka || missing="$missing libcmocka-dev"
command -v git >/dev/null 2>&1 || missing="$missing git"
command -v cc >/dev/null 2>&1 || missing="$missing gcc"
# the report's HTML page is rendered in a real browser by the tests
[ "${DEPS_NO_BROWSER:-}" ] || command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
[ -e /usr/share/zoneinfo/Asia/Tokyo ] || missing="$missing tzdata"
# the pre-commit framework drives .pre-commit-hooks.yaml in the tests
command -v pre-commit >/dev/null 2>&1 || missing="$missing pre-commit"
# an interrupted cache write is staged with strace's fault injection
command -v strace >/dev/null 2>&1 || missing="$missing strace"
# docs/requirements.md is checked against the kinds' YAML in the tests
python3 -c 'import yaml' >/dev/null 2>&1 || missing="$missing python3-yaml"
# export --format jsonl is read back with jq in the tests
command -v jq >/dev/null 2>&1 || missing="$missing jq"
# the manual pages are rendered and read with man in the tests
command -v man >/dev/null 2>&1 || missing="$missing man-db"
command -v groff >/dev/null 2>&1 || missing="$missing groff-base"
# Neovim is the real LSP client of the language server's tests
command -v nvim >/dev/null 2>&1 || missing="$missing neovim"
# a real git server (apache2 and git-http-backend) serves the push tests
[ -x /usr/sbin/apache2 ] || command -v apache2 >/dev/null 2>&1 || missing="$missing apache2"
command -v htpasswd >/dev/null 2>&1 || missing="$missing apache2-utils"
# signed decisions are made and checked with ssh-keygen
command -v ssh-keygen >/dev/null 2>&1 || missing="$missing openssh-client"
[ -z "$missing" ] && exit 0

if [ "$(id -u)" = 0 ]; then
	sudo=
elif command -v sudo >/dev/null 2>&1; then
	sudo=sudo
else
	echo "deps: missing:$missing; run as root or install sudo" >&2
	exit 2
fi
echo "deps: installing$missing with apt-get" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq && $sudo apt-get install -y -qq $missing >&2 || {
	echo "deps: apt-get install$missing failed" >&2
	exit 2
}
