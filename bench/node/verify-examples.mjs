// Baseline for `trustgate check` on examples/ (bench/sections/30-cli.sh): verifies the same
// 9 bundles of examples/mirror with sigstore-js (@sigstore/verify + @sigstore/bundle) against
// examples/trusted_root.json and the signer identities of examples/policy.yaml, in one process.
// The 0.12.0 dev x86_64 manifest was edited after signing, so exactly that one must fail.
// Usage: node bench/node/verify-examples.mjs [EXAMPLES_DIR]   (exit 0 when the outcome is as expected)
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { bundleFromJSON } from '@sigstore/bundle';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { Verifier, toSignedEntity, toTrustMaterial } from '@sigstore/verify';

const examples = process.argv[2] ?? new URL('../../examples', import.meta.url).pathname;
const downloads = join(examples, 'mirror/acme-labs/forge/releases/download');
const issuer = 'https://token.actions.githubusercontent.com';
const repo = 'https://github.com/acme-labs/forge/.github/workflows';

const root = TrustedRoot.fromJSON(JSON.parse(readFileSync(join(examples, 'trusted_root.json'), 'utf8')));
const verifier = new Verifier(toTrustMaterial(root), { tlogThreshold: 1, ctlogThreshold: 1, timestampThreshold: 1 });

const results = [];
for (const dir of readdirSync(downloads).sort()) {
  for (const name of readdirSync(join(downloads, dir)).sort()) {
    if (!name.endsWith('.bundle')) continue;
    const artifactPath = join(downloads, dir, name.slice(0, -'.bundle'.length));
    const identity = dir === 'revocations'
      ? `${repo}/revocations.yml@refs/tags/revocations`
      : `${repo}/release.yml@refs/tags/${dir}`;
    const bundle = bundleFromJSON(JSON.parse(readFileSync(join(downloads, dir, name), 'utf8')));
    let outcome = 'verified';
    try {
      verifier.verify(toSignedEntity(bundle, readFileSync(artifactPath)),
        { subjectAlternativeName: identity, extensions: { issuer } });
    } catch (e) {
      outcome = `failed: ${e.code ?? e.name}`;
    }
    results.push(`${dir}/${name}: ${outcome}`);
  }
}
console.log(results.join('\n'));
const failed = results.filter((r) => !r.endsWith(': verified'));
const expected = failed.length === 1 && failed[0].startsWith('v0.12.0/dev-image-x86_64.manifest.json.bundle');
if (results.length !== 9 || !expected) {
  console.error(`unexpected outcome: ${results.length} bundles, failed: ${failed.join('; ')}`);
  process.exit(1);
}
