#!/usr/bin/env bash
# Installs the system packages Agora builds against (Debian/Ubuntu): libcurl's headers for the HTTP back end,
# pkg-config to find them, and python3 (with venv, for the real model server of scripts/model-server.sh) for the
# test fixtures. Does nothing when they are already there.
set -euo pipefail
needed=()
for package in libcurl4-openssl-dev pkg-config python3; do
  dpkg -s "$package" >/dev/null 2>&1 || needed+=("$package")
done
# Debian splits venv out of its python3; a python3 of its own (pyenv) has it already.
if ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then needed+=(python3-venv); fi
if [ ${#needed[@]} -eq 0 ]; then
  exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "bootstrap: installing ${needed[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq "${needed[@]}" >/dev/null
