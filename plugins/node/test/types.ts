// Compiled by `npm test` (tsc --noEmit): the types in index.d.ts fit Nodemailer's own, and reject
// what the plugin rejects.
import nodemailer = require('nodemailer');
import sendlint = require('..');

const transport = nodemailer.createTransport({ streamTransport: true, buffer: true });
transport.use('compile', sendlint({ jurisdiction: ['nl'], failOn: 'error' }));
transport.use('compile', sendlint.sendlint({ jurisdiction: 'nl,eu', bulkSender: true, onDiagnostics: diagnostics => diagnostics.length }));

const diagnostics: sendlint.Diagnostic[] = sendlint.checkSource('<p>Sale</p>', 'html', { jurisdiction: ['nl'], lang: 'nl' });
const first: sendlint.Severity | undefined = diagnostics[0]?.severity;
const offset: number | undefined = diagnostics[0]?.range.start.offset;
sendlint.checkMessage(new Uint8Array(0), { rules: { 'missing-postal-address': 'off' } });
void [first, offset];

function refused(error: unknown): string[] {
    return error instanceof sendlint.SendlintError ? error.rules : [];
}
void refused;

// @ts-expect-error: not a severity
sendlint({ failOn: 'fatal' });
// @ts-expect-error: not a jurisdiction
sendlint({ jurisdiction: ['xx'] });
// @ts-expect-error: misspelt option
sendlint({ jurisdicton: ['nl'] });
