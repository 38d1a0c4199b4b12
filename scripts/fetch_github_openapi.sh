#!/usr/bin/env bash
# Fetch GitHub's official OpenAPI description (npm package @octokit/openapi) into var/openapi/.
#   var/openapi/api.github.com.json   generated/api.github.com.json from the npm tarball
# The sandbox's fidelity tests validate every response body against it. The version is pinned
# (OCTOKIT_OPENAPI_VERSION), so a new release cannot change what the tests check.
# Idempotent: when the file of the pinned version is already there it is left as it is.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest_dir="${repo_root}/var/openapi"
dest="${dest_dir}/api.github.com.json"
version="${OCTOKIT_OPENAPI_VERSION:-23.0.2}"
package="@octokit/openapi@${version}"
tarball_name="octokit-openapi-${version}.tgz"

if [ -s "${dest}" ] && [ "$(cat "${dest_dir}/SOURCE" 2>/dev/null)" = "${tarball_name}" ]; then
    echo "${package}: already in ${dest}"
    exit 0
fi
mkdir -p "${dest_dir}"
tmp="$(mktemp -d)"
trap 'rm -rf "${tmp}"' EXIT
(cd "${tmp}" && npm pack --silent "${package}" > tarball-name)
tarball="${tmp}/$(tail -n1 "${tmp}/tarball-name")"
[ "$(basename "${tarball}")" = "${tarball_name}" ] || { echo "npm gave ${tarball}, not ${tarball_name}" >&2; exit 1; }
tar -xzf "${tarball}" -C "${tmp}" package/generated/api.github.com.json
mv "${tmp}/package/generated/api.github.com.json" "${dest}.partial"
basename "${tarball}" > "${dest_dir}/SOURCE"
mv "${dest}.partial" "${dest}"
echo "${package}: $(wc -c < "${dest}") bytes in ${dest}"
