'use strict';
// The Nodemailer plugin over Nodemailer's streamTransport (no network): a compliant message is
// sent as Nodemailer builds it, a non-compliant one is refused with its rule ids and never
// reaches the transport.

const assert = require('node:assert/strict');
const test = require('node:test');
const nodemailer = require('nodemailer');
const sendlint = require('..');
const { SendlintError } = sendlint;

const unsubscribeUrl = 'https://www.velomaas.example.nl/afmelden/8f3a9c';

function compliant() {
    return {
        from: 'Velomaas B.V. <nieuws@velomaas.example.nl>',
        to: 'lezer@example.org',
        subject: 'Voorjaarsactie: 20% korting op fietstassen',
        // One List-Unsubscribe header with both URIs (a nested list, in Nodemailer's terms).
        list: {
            unsubscribe: [[unsubscribeUrl, 'unsubscribe@velomaas.example.nl?subject=unsubscribe']]
        },
        headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
        text: [
            'Alle fietstassen deze week 20% korting.',
            'Bekijk de tassen: https://www.velomaas.example.nl/tassen',
            '',
            `Wilt u deze e-mails niet meer ontvangen? U kunt zich altijd kosteloos afmelden: ${unsubscribeUrl}`,
            'Velomaas B.V. · Maasboulevard 12 · 3011 TX Rotterdam · info@velomaas.example.nl'
        ].join('\n'),
        html: [
            '<html lang="nl"><body>',
            '<p>Alle fietstassen deze week 20% korting. <a href="https://www.velomaas.example.nl/tassen">Bekijk de tassen</a></p>',
            `<p style="font-size:12px">Wilt u deze e-mails niet meer ontvangen? U kunt zich altijd kosteloos afmelden: <a href="${unsubscribeUrl}">afmelden</a></p>`,
            '<p style="font-size:12px">Velomaas B.V. · Maasboulevard 12 · 3011 TX Rotterdam · info@velomaas.example.nl</p>',
            '</body></html>'
        ].join('\n')
    };
}

// No opt-out anywhere: no link, no List-Unsubscribe header.
function nonCompliant() {
    const mail = compliant();
    delete mail.list;
    delete mail.headers;
    mail.text = 'Alle fietstassen deze week 20% korting.\nBekijk de tassen: https://www.velomaas.example.nl/tassen\nVelomaas B.V. · Maasboulevard 12 · 3011 TX Rotterdam';
    mail.html = '<html lang="nl"><body><p>Alle fietstassen deze week 20% korting. <a href="https://www.velomaas.example.nl/tassen">Bekijk de tassen</a></p><p>Velomaas B.V. · Maasboulevard 12 · 3011 TX Rotterdam</p></body></html>';
    return mail;
}

function transporter(options) {
    const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
    transport.use('compile', sendlint(options));
    return transport;
}

test('a compliant message is sent as Nodemailer builds it, List-* headers included', async () => {
    const seen = [];
    const transport = transporter({ jurisdiction: ['nl'], failOn: 'error', bulkSender: true, onDiagnostics: diagnostics => seen.push(diagnostics) });
    const info = await transport.sendMail(compliant());
    const sent = info.message.toString();
    assert.match(sent, /^List-Unsubscribe: <https:\/\/www\.velomaas\.example\.nl\/afmelden\/8f3a9c>,\s+<mailto:unsubscribe@velomaas\.example\.nl\?subject=unsubscribe>$/m);
    assert.match(sent, /afmelden/);
    // The message was checked: the plugin handed over its findings, none at or above error.
    assert.equal(seen.length, 1);
    assert.ok(seen[0].every(diagnostic => diagnostic.severity !== 'error'), JSON.stringify(seen[0]));
    // The List-Unsubscribe header Nodemailer adds after the compile step was in the checked message.
    assert.ok(!seen[0].some(diagnostic => diagnostic.rule === 'missing-list-unsubscribe-header'));
});

test('a non-compliant message is refused with its rule ids and never reaches the transport', async () => {
    const transport = transporter({ jurisdiction: ['nl'], failOn: 'error' });
    let sent = false;
    transport.on('stream', () => {
        sent = true;
    });
    await assert.rejects(transport.sendMail(nonCompliant()), error => {
        assert.ok(error instanceof SendlintError, String(error));
        assert.equal(error.code, 'ESENDLINT');
        assert.ok(error.rules.includes('missing-unsubscribe'), error.rules.join(', '));
        assert.match(error.message, /missing-unsubscribe/);
        assert.ok(error.diagnostics.every(diagnostic => diagnostic.severity === 'error'));
        // A warning is below failOn: it is not in the refusal.
        assert.ok(!error.rules.includes('missing-list-unsubscribe-header'));
        return true;
    });
    assert.equal(sent, false);
});

test('failOn decides what is refused: warnings let through at error, refused at warning', async () => {
    // An opt-out link but no List-Unsubscribe header: a warning, an error for bulk senders.
    const mail = () => {
        const message = compliant();
        delete message.list;
        delete message.headers;
        return message;
    };
    await transporter({ jurisdiction: 'nl', failOn: 'error' }).sendMail(mail());
    await assert.rejects(transporter({ jurisdiction: 'nl', failOn: 'warning' }).sendMail(mail()), error => {
        assert.ok(error.rules.includes('missing-list-unsubscribe-header'), error.rules.join(', '));
        return true;
    });
    await assert.rejects(transporter({ jurisdiction: 'nl', failOn: 'error', bulkSender: true }).sendMail(mail()), error => {
        assert.deepEqual(error.rules, ['missing-list-unsubscribe-header']);
        return true;
    });
});

test('content given as a stream is checked, and still sent in full', async () => {
    const { Readable } = require('node:stream');
    const message = compliant();
    const html = message.html;
    message.html = Readable.from([Buffer.from(html)]);
    const info = await transporter({ jurisdiction: 'nl' }).sendMail(message);
    assert.match(info.message.toString(), /Maasboulevard 12/);

    const refused = nonCompliant();
    refused.html = Readable.from([Buffer.from(refused.html)]);
    await assert.rejects(transporter({ jurisdiction: 'nl' }).sendMail(refused), SendlintError);
});

test('bad plugin options fail where the plugin is set up', () => {
    assert.throws(() => sendlint({ failOn: 'fatal' }), /failOn is `fatal`: use error, warning or info/);
    assert.throws(() => sendlint({ jurisdiction: ['xx'] }), /unknown jurisdiction `xx`/);
    assert.throws(() => sendlint({ jurisdicton: ['nl'] }), /unknown field `jurisdicton`/);
});
