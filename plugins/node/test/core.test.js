'use strict';
// The WebAssembly core: the same findings as `sendlint check`, placed at byte offsets and at
// 1-based lines and columns of the input, and options checked like the command line's flags.

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const test = require('node:test');
const { checkMessage, checkSource } = require('..');

const fixtures = path.join(__dirname, '..', '..', '..', 'tests', 'fixtures');

test('a message without List-Unsubscribe gets the finding at the blank line that ends its headers', () => {
    const file = path.join(fixtures, 'missing-list-unsubscribe-header', 'bad-nl-geen-list-unsubscribe.eml');
    const bytes = fs.readFileSync(file);
    const diagnostics = checkMessage(bytes);
    const header = diagnostics.find(diagnostic => diagnostic.rule === 'missing-list-unsubscribe-header');
    assert.ok(header, JSON.stringify(diagnostics));
    assert.equal(header.severity, 'warning');
    const text = bytes.toString('latin1');
    const blankLine = text.search(/\r?\n\r?\n/) + (text.includes('\r\n') ? 2 : 1);
    assert.equal(header.range.start.offset, blankLine);
    assert.equal(header.range.start.line, text.slice(0, blankLine).split('\n').length);
    assert.equal(header.range.start.column, 1);
    assert.ok(header.references.some(reference => reference.includes('RFC 2369')));
    assert.equal(diagnostics.filter(diagnostic => diagnostic.severity === 'error').length, 0);
});

test('a message with both headers, signed, and an opt-out in both parts has no header finding', () => {
    const file = path.join(fixtures, 'missing-list-unsubscribe-header', 'good-nl-met-list-unsubscribe.eml');
    const diagnostics = checkMessage(fs.readFileSync(file), { bulkSender: true });
    const rules = diagnostics.map(diagnostic => diagnostic.rule);
    for (const rule of ['missing-list-unsubscribe-header', 'missing-one-click-unsubscribe', 'list-unsubscribe-not-dkim-signed', 'missing-unsubscribe']) {
        assert.ok(!rules.includes(rule), `${rule} in ${rules}`);
    }
});

test('bulkSender raises the header rules to errors', () => {
    const file = path.join(fixtures, 'missing-list-unsubscribe-header', 'bad-nl-geen-list-unsubscribe.eml');
    const bytes = fs.readFileSync(file);
    const severity = options => checkMessage(bytes, options).find(diagnostic => diagnostic.rule === 'missing-list-unsubscribe-header').severity;
    assert.equal(severity({}), 'warning');
    assert.equal(severity({ bulkSender: true }), 'error');
});

test('a message given as a string is checked as its UTF-8 bytes', () => {
    const message = 'From: Velomaas B.V. <nieuws@velomaas.example.nl>\nSubject: Voorjaarsactie\nContent-Type: text/plain; charset=utf-8\n\nAlle fietstassen 20% korting: https://www.velomaas.example.nl/tassen\n';
    const fromString = checkMessage(message, { jurisdiction: 'nl' });
    const fromBuffer = checkMessage(Buffer.from(message), { jurisdiction: 'nl' });
    assert.deepEqual(fromString, fromBuffer);
    assert.ok(fromString.some(diagnostic => diagnostic.rule === 'missing-unsubscribe'));
});

test('offsets are UTF-8 bytes of the source, columns count characters', () => {
    const html = '<p>Café Brûlé: 20% korting. <a href="#">Afmelden</a></p>';
    const diagnostics = checkSource(html, 'html', { jurisdiction: ['nl'], lang: 'nl' });
    const dead = diagnostics.find(diagnostic => diagnostic.rule === 'unsubscribe-link-unresolved');
    assert.ok(dead, JSON.stringify(diagnostics));
    assert.equal(dead.severity, 'error');
    const bytes = Buffer.from(html);
    assert.equal(bytes.subarray(dead.range.start.offset, dead.range.end.offset).toString(), '#');
    assert.equal(dead.range.start.offset, bytes.indexOf('#'));
    // Three two-byte characters before it (é, û, é): the column is three less than offset + 1.
    assert.equal(dead.range.start.column, html.indexOf('#') + 1);
    assert.equal(dead.range.start.column, dead.range.start.offset + 1 - 3);
    assert.equal(dead.range.start.line, 1);
    assert.match(dead.message, /afmeldlink/);
});

test('the language option decides the language of the messages', () => {
    const html = '<p>Spring sale at Velomaas: 20% off. <a href="https://shop.example.org">Shop now</a></p>';
    const message = lang => checkSource(html, 'html', { jurisdiction: 'nl', lang, purpose: 'marketing' }).find(diagnostic => diagnostic.rule === 'missing-unsubscribe').message;
    assert.notEqual(message('en'), message('nl'));
});

test('the format decides the channel: an SMS is checked for a STOP keyword under us', () => {
    const sms = 'Velomaas: 20% off all bike bags this week! https://velomaas.example.com/bags';
    const asSms = checkSource(sms, 'sms', { jurisdiction: 'us', purpose: 'marketing' }).map(diagnostic => diagnostic.rule);
    const asText = checkSource(sms, 'text', { jurisdiction: 'us', purpose: 'marketing', channel: 'email' }).map(diagnostic => diagnostic.rule);
    assert.ok(asSms.includes('sms-missing-stop-keyword'), asSms.join(', '));
    assert.ok(!asText.includes('sms-missing-stop-keyword'), asText.join(', '));
});

test('a rule turned off in the options is not reported', () => {
    const html = '<p>Spring sale: 20% off. <a href="https://shop.example.org">Shop now</a></p>';
    const rules = options => checkSource(html, 'html', options).map(diagnostic => diagnostic.rule);
    assert.ok(rules({ jurisdiction: 'nl' }).includes('missing-unsubscribe'));
    assert.ok(!rules({ jurisdiction: 'nl', rules: { 'missing-unsubscribe': 'off' } }).includes('missing-unsubscribe'));
});

test('bad options are errors that name the option and the values it takes', () => {
    assert.throws(() => checkSource('x', 'html', { jurisdictoin: 'nl' }), /unknown field `jurisdictoin`/);
    assert.throws(() => checkSource('x', 'html', { jurisdiction: 'xx' }), /unknown jurisdiction `xx`: use one of nl, eu, uk, us, ca, de/);
    assert.throws(() => checkSource('x', 'html', { jurisdiction: 3 }), /jurisdiction: expected a string/);
    assert.throws(() => checkSource('x', 'html', { lang: 'es' }), /lang: unknown language `es`/);
    assert.throws(() => checkSource('x', 'html', { purpose: 'promo' }), /purpose: unknown purpose `promo`/);
    assert.throws(() => checkSource('x', 'html', { rules: { 'missing-unsubscribe': 'loud' } }), /use error, warning, info or off/);
    assert.throws(() => checkSource('x', 'pdf'), /unknown format `pdf`/);
    assert.throws(() => checkMessage(42), /Buffer, Uint8Array or string/);
});
