'use strict';
// sendlint for Node.js: the checks of `sendlint check` on a message before it is sent, in
// WebAssembly, and a Nodemailer plugin that refuses a send with findings at or above `failOn`.

const core = require('./pkg/sendlint_node.js');

const SEVERITIES = ['info', 'warning', 'error'];

/** Checks a MIME message (Buffer, Uint8Array or string) as it will be sent. */
function checkMessage(message, options) {
    return core.checkMessage(toBytes(message, 'checkMessage'), options);
}

/** Checks one draft: `format` is html, markdown, text, sms, whatsapp-template or eml. */
function checkSource(source, format, options) {
    if (typeof source !== 'string') {
        throw new TypeError('sendlint: checkSource takes the draft as a string');
    }
    if (typeof format !== 'string') {
        throw new TypeError('sendlint: checkSource takes a format: html, markdown, text, sms, whatsapp-template or eml');
    }
    return core.checkSource(source, format, options);
}

function toBytes(message, caller) {
    if (typeof message === 'string') {
        return Buffer.from(message, 'utf8');
    }
    if (message instanceof Uint8Array) {
        return message;
    }
    throw new TypeError(`sendlint: ${caller} takes the message as a Buffer, Uint8Array or string`);
}

/** The error a refused send fails with: `rules` names the rule ids, `diagnostics` has them all. */
class SendlintError extends Error {
    constructor(diagnostics, failOn) {
        const rules = [...new Set(diagnostics.map(diagnostic => diagnostic.rule))];
        const lines = diagnostics.map(
            diagnostic =>
                `  ${diagnostic.rule} (${diagnostic.severity}, line ${diagnostic.range.start.line}, column ${diagnostic.range.start.column}): ${diagnostic.message}`
        );
        super(`sendlint refused the message, ${diagnostics.length} finding(s) at or above ${failOn}: ${rules.join(', ')}\n${lines.join('\n')}`);
        this.name = 'SendlintError';
        this.code = 'ESENDLINT';
        this.failOn = failOn;
        this.rules = rules;
        this.diagnostics = diagnostics;
    }
}

/**
 * A Nodemailer plugin for the `compile` step:
 * `transporter.use('compile', sendlint({ jurisdiction: ['nl'], failOn: 'error' }))`.
 *
 * It builds the message as Nodemailer will (its MailComposer, with the X-Mailer, priority and
 * List-* headers it adds after `compile`), checks it as MIME, and fails the send with a
 * `SendlintError` when there are findings at or above `failOn` (default `error`). `onDiagnostics`,
 * when given, receives every finding of a message that is let through.
 */
function sendlint(options = {}) {
    const { failOn = 'error', onDiagnostics, ...checkOptions } = options;
    if (!SEVERITIES.includes(failOn)) {
        throw new TypeError(`sendlint: failOn is \`${failOn}\`: use error, warning or info`);
    }
    if (onDiagnostics !== undefined && typeof onDiagnostics !== 'function') {
        throw new TypeError('sendlint: onDiagnostics must be a function');
    }
    core.validateOptions(checkOptions);
    const threshold = SEVERITIES.indexOf(failOn);

    return function sendlintCompile(mail, callback) {
        resolveTextContent(mail, error => {
            if (error) {
                return callback(error);
            }
            let message;
            try {
                message = composeForCheck(mail);
            } catch (composeError) {
                return callback(composeError);
            }
            message.build((buildError, bytes) => {
                if (buildError) {
                    return callback(buildError);
                }
                let diagnostics;
                try {
                    diagnostics = core.checkMessage(bytes, checkOptions);
                } catch (checkError) {
                    return callback(checkError);
                }
                const refused = diagnostics.filter(diagnostic => SEVERITIES.indexOf(diagnostic.severity) >= threshold);
                if (refused.length > 0) {
                    return callback(new SendlintError(refused, failOn));
                }
                if (onDiagnostics) {
                    try {
                        onDiagnostics(diagnostics, mail);
                    } catch (callbackError) {
                        return callback(callbackError);
                    }
                }
                return callback();
            });
        });
    };
}

// The text of a message may be a stream, a file or a URL: Nodemailer's own resolveContent reads
// it once and keeps the result in `mail.data`, so the real send reads the same content again.
const TEXT_KEYS = ['html', 'text', 'watchHtml', 'amp', 'raw'];

function resolveTextContent(mail, callback) {
    const keys = TEXT_KEYS.filter(key => mail.data[key] && !isLiteral(mail.data[key]));
    const next = () => {
        const key = keys.shift();
        if (key === undefined) {
            return callback(null);
        }
        mail.resolveContent(mail.data, key, error => (error ? callback(error) : next()));
    };
    next();
}

function isLiteral(value) {
    return typeof value === 'string' || Buffer.isBuffer(value);
}

// The message for the check: Nodemailer's MailComposer over the mail data, with the headers its
// Mailer sets after the compile step. Attachments are left out (sendlint reads no attachment, and
// reading a file or URL twice, or a stream that the real send still needs, is not ours to do);
// alternatives and calendar events only when their content is already in memory.
function composeForCheck(mail) {
    const MailComposer = require('nodemailer/lib/mail-composer');
    const data = { ...mail.data, attachments: [] };
    data.alternatives = (mail.data.alternatives || []).filter(
        alternative => isLiteral(alternative) || (alternative && isLiteral(alternative.content))
    );
    if (mail.data.icalEvent && !isLiteral(mail.data.icalEvent) && !isLiteral(mail.data.icalEvent.content)) {
        delete data.icalEvent;
    }
    const message = new MailComposer(data).compile();
    const compiled = mail.message;
    mail.message = message;
    try {
        mail.setMailerHeader();
        mail.setPriorityHeaders();
        mail.setListHeaders();
    } finally {
        mail.message = compiled;
    }
    return message;
}

module.exports = sendlint;
module.exports.default = sendlint;
module.exports.sendlint = sendlint;
module.exports.checkMessage = checkMessage;
module.exports.checkSource = checkSource;
module.exports.SendlintError = SendlintError;
