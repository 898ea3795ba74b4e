// Verifies a Sigstore bundle with sigstore-js, the verifier npm ships:
// node sigstore-js-verify.js <npm's node_modules> <trusted_root.json> <bundle.json>
// Prints {"verified":true,...} or {"verified":false,"error":...}.
const [nodeModules, rootPath, bundlePath] = process.argv.slice(2)
const fs = require('node:fs')
const path = require('node:path')
const { Verifier, toTrustMaterial, toSignedEntity } = require(path.join(nodeModules, '@sigstore/verify'))
const { bundleFromJSON } = require(path.join(nodeModules, '@sigstore/bundle'))
const { TrustedRoot } = require(path.join(nodeModules, '@sigstore/protobuf-specs'))

try {
  const trustedRoot = TrustedRoot.fromJSON(JSON.parse(fs.readFileSync(rootPath, 'utf8')))
  const bundle = bundleFromJSON(JSON.parse(fs.readFileSync(bundlePath, 'utf8')))
  // The stand-in Fulcio embeds no certificate-transparency timestamps.
  const verifier = new Verifier(toTrustMaterial(trustedRoot), { ctlogThreshold: 0, tlogThreshold: 1 })
  const signer = verifier.verify(toSignedEntity(bundle))
  console.log(JSON.stringify({ verified: true, subjectAlternativeName: signer.identity.subjectAlternativeName }))
} catch (err) {
  console.log(JSON.stringify({ verified: false, error: String(err && (err.code || '') + ' ' + err.message) }))
  process.exitCode = 1
}
