# Sourced, not run: need_debian_packages PKG... installs the Debian packages among PKG that are not
# installed yet (apt-get, with sudo when not root) and returns non-zero when apt-get fails. Shared by
# tools/setup.sh (everything) and tests/fuzz/run.sh (what the fuzz build needs, on its own).
need_debian_packages() {
  local p missing=() sudo=
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  ((${#missing[@]})) || return 0
  printf 'installing Debian packages: %s\n' "${missing[*]}" >&2
  [ "$(id -u)" -ne 0 ] && sudo=sudo
  $sudo apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
