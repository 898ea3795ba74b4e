// Preloaded into the real npm (NODE_OPTIONS=--require) for the provenance
// comparison. npm fixes Sigstore to the public instance; this points
// sigstore.attest at the stand-ins (GONPM_TEST_FULCIO_URL,
// GONPM_TEST_REKOR_URL) and saves the statement npm signs to
// GONPM_TEST_STATEMENT_FILE. Everything else npm does is unchanged.
const Module = require('node:module')
const fs = require('node:fs')
const load = Module._load
Module._load = function (request) {
  const m = load.apply(this, arguments)
  if (request !== 'sigstore' || m.__gonpmRedirected) {
    return m
  }
  const attest = m.attest
  return Object.assign({}, m, {
    __gonpmRedirected: true,
    attest: async (payload, payloadType, opts) => {
      fs.writeFileSync(process.env.GONPM_TEST_STATEMENT_FILE, payload)
      return attest(payload, payloadType, {
        ...opts,
        fulcioURL: process.env.GONPM_TEST_FULCIO_URL,
        rekorURL: process.env.GONPM_TEST_REKOR_URL,
      })
    },
  })
}
