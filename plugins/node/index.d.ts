// Types for the sendlint package: the checks of `sendlint check` in WebAssembly, and a
// Nodemailer plugin for the `compile` step.

declare namespace sendlint {
    type Severity = 'error' | 'warning' | 'info';
    type Jurisdiction = 'nl' | 'eu' | 'uk' | 'us' | 'ca' | 'de';
    type Language = 'nl' | 'en' | 'de' | 'fr';
    type Channel = 'email' | 'sms' | 'whatsapp' | 'form';
    type Purpose = 'marketing' | 'transactional' | 'optin-confirmation' | 'optout-confirmation';
    type Audience = 'prospects' | 'customers' | 'business';
    /** A format, or any file extension `sendlint check` reads (`htm`, `md`, `sms`, ...). */
    type Format = 'html' | 'markdown' | 'text' | 'sms' | 'whatsapp-template' | 'eml' | (string & {});

    /** The context of a check, as the command line's flags give it; every key may be left out. */
    interface Options {
        /** Which law applies: `['nl']`, `['nl', 'eu']` or `'nl,eu'`. Default `eu`. */
        jurisdiction?: Jurisdiction[] | string;
        /** The language of the draft. Default: detected. */
        lang?: Language;
        /** The language of the messages, when not the draft's own. */
        messageLang?: Language;
        /** The ESP whose merge tags will be substituted (`mailchimp`, ...). Default: any known. */
        esp?: string;
        purpose?: Purpose;
        channel?: Channel;
        audience?: Audience;
        /** 5,000 or more messages a day to Gmail or Yahoo: the header rules become errors. */
        bulkSender?: boolean;
        /** Severity overrides, as `[rules]` in `sendlint.toml`. */
        rules?: Record<string, Severity | 'off'>;
        /** `[brand]` of `sendlint.toml`. */
        brand?: Brand;
    }

    interface Brand {
        legalName?: string;
        tradeNames?: string[];
        postalAddress?: string;
        smsSenderId?: string;
        domains?: string[];
        email?: string;
        website?: string;
    }

    /** 1-based line, column in Unicode scalar values, byte offset into the input. */
    interface Position {
        line: number;
        column: number;
        offset: number;
    }

    interface Range {
        start: Position;
        end: Position;
    }

    interface Edit {
        range: Range;
        text: string;
    }

    interface Fix {
        message: string;
        applicability: 'safe' | 'unsafe';
        edits: Edit[];
    }

    /** One finding, as in `sendlint check --format json` without the path. */
    interface Diagnostic {
        rule: string;
        severity: Severity;
        message: string;
        range: Range;
        references: string[];
        fix: Fix | null;
    }

    interface PluginOptions extends Options {
        /** Refuse the send when a finding is at or above this severity. Default `error`. */
        failOn?: Severity;
        /** Receives every finding of a message that is let through. */
        onDiagnostics?: (diagnostics: Diagnostic[], mail: unknown) => void;
    }

    /** A Nodemailer plugin: `(mail, callback) => void`. */
    type Plugin = (mail: any, callback: (error?: Error | null) => void) => void;

    /** The error a refused send fails with. */
    class SendlintError extends Error {
        name: 'SendlintError';
        code: 'ESENDLINT';
        failOn: Severity;
        /** The rule ids of the findings at or above `failOn`, each once. */
        rules: string[];
        /** The findings at or above `failOn`. */
        diagnostics: Diagnostic[];
    }

    /** Checks a MIME message as it will be sent; offsets are byte offsets into it. */
    function checkMessage(message: Uint8Array | string, options?: Options | null): Diagnostic[];

    /** Checks one draft; offsets are byte offsets into its UTF-8 encoding. */
    function checkSource(source: string, format: Format, options?: Options | null): Diagnostic[];

    /** The plugin factory again, for `const { sendlint } = require('sendlint')`. */
    function sendlint(options?: PluginOptions): Plugin;
}

/**
 * A Nodemailer plugin for the `compile` step:
 * `transporter.use('compile', sendlint({ jurisdiction: ['nl'], failOn: 'error' }))`.
 * Throws at once on an unknown option or value.
 */
declare function sendlint(options?: sendlint.PluginOptions): sendlint.Plugin;

export = sendlint;
