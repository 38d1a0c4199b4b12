#!/usr/bin/env bash
# Fetch registry corpora for catalog fidelity tests and benchmarks into var/corpora/.
#   django/  wagtail/   gettext PO files from the PyPI wheels (locale/*/LC_MESSAGES/*.po)
#   matrix-react-sdk/   i18n JSON files from the npm tarball (res/i18n/strings/*.json)
# Idempotent: a corpus whose directory already holds files is left as it is.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
corpora="${repo_root}/var/corpora"
pip="${PIP:-${repo_root}/.venv/bin/pip}"
[ -x "${pip}" ] || pip="python3 -m pip"
mkdir -p "${corpora}"

has_files() { [ -d "$1" ] && [ -n "$(find "$1" -type f -print -quit)" ]; }

fetch_wheel_po() {
    local package="$1" dest="${corpora}/$2"
    if has_files "${dest}"; then
        echo "${package}: already in ${dest}"
        return
    fi
    local tmp
    tmp="$(mktemp -d)"
    ${pip} download --quiet --no-deps --only-binary=:all: --dest "${tmp}" "${package}"
    mkdir -p "${dest}.partial"
    unzip -q -o "${tmp}"/*.whl '*/locale/*/LC_MESSAGES/*.po' -d "${dest}.partial"
    ls "${tmp}"/*.whl | xargs -n1 basename > "${dest}.partial/SOURCE"
    rm -rf "${tmp}" "${dest}"
    mv "${dest}.partial" "${dest}"
    echo "${package}: $(find "${dest}" -name '*.po' | wc -l) PO files in ${dest}"
}

fetch_npm_json() {
    local package="$1" dest="${corpora}/$2"
    if has_files "${dest}"; then
        echo "${package}: already in ${dest}"
        return
    fi
    local tmp
    tmp="$(mktemp -d)"
    (cd "${tmp}" && npm pack --silent "${package}" > /dev/null)
    mkdir -p "${dest}.partial"
    tar -xzf "${tmp}"/*.tgz -C "${dest}.partial" --wildcards 'package/*i18n/strings/*.json'
    ls "${tmp}"/*.tgz | xargs -n1 basename > "${dest}.partial/SOURCE"
    rm -rf "${tmp}" "${dest}"
    mv "${dest}.partial" "${dest}"
    echo "${package}: $(find "${dest}" -name '*.json' | wc -l) JSON files in ${dest}"
}

fetch_wheel_po "django==${DJANGO_VERSION:-5.2.19}" django
fetch_wheel_po "wagtail==${WAGTAIL_VERSION:-8.0.1}" wagtail
fetch_npm_json "matrix-react-sdk@${MATRIX_REACT_SDK_VERSION:-3.114.0}" matrix-react-sdk
