#!/bin/sh
# Re-fetch the YASGUI build that `govgraph serve` serves at /static/yasgui/ from the npm
# registry, check the tarball against the pinned integrity hash, and copy its minified JS and
# CSS into the package. Run from the repository root: sh scripts/vendor_yasgui.sh
# To move to another version: change VERSION and INTEGRITY (`npm view @zazuko/yasgui@X dist.integrity`),
# run this, re-grep the dist for URLs (docs/decisions.md) and run tests/test_query_page.py.
set -eu

PACKAGE=@zazuko/yasgui
VERSION=4.6.2
INTEGRITY=sha512-Zw45KdPoAE1KRaAoxIHdQqeJxvaVG1oQdntw0hy0ktX35Zu8ZccuOLrXCLwR+GU+0xMzLw8Mjw6BkSZV2vUuQw==
DEST=src/govgraph/serve/static/yasgui

[ -d "$DEST" ] || { echo "run from the repository root ($DEST not found)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

tarball=$(cd "$work" && npm pack --silent "$PACKAGE@$VERSION")
actual="sha512-$(openssl dgst -sha512 -binary "$work/$tarball" | base64 | tr -d '\n')"
if [ "$actual" != "$INTEGRITY" ]; then
    echo "$PACKAGE@$VERSION: integrity mismatch: expected $INTEGRITY, got $actual" >&2
    exit 1
fi
tar -xzf "$work/$tarball" -C "$work" package/package.json package/build/yasgui.min.js package/build/yasgui.min.css
got=$(sed -n 's/^  "version": "\(.*\)",$/\1/p' "$work/package/package.json")
[ "$got" = "$VERSION" ] || { echo "the tarball says version $got, not $VERSION" >&2; exit 1; }

cp "$work/package/build/yasgui.min.js" "$work/package/build/yasgui.min.css" "$DEST/"
printf '%s %s\n%s\n' "$PACKAGE" "$VERSION" "$INTEGRITY" > "$DEST/VERSION"
(cd "$DEST" && sha256sum yasgui.min.js yasgui.min.css > SHA256SUMS)
echo "vendored $PACKAGE@$VERSION into $DEST ($(wc -c < "$DEST/yasgui.min.js") bytes of JS)"
