//! `sendlint check`: find the drafts, check them in parallel, print the report in order, and
//! turn the findings into an exit code (0 clean, 1 findings at or above `--fail-on`, 2 a usage
//! error or a file that could not be read).

use super::args::{AudienceArg, ChannelArg, CheckArgs, FailOn, OutputFormat, PurposeArg};
use super::baseline::Baseline;
use super::fix;
use rayon::prelude::*;
use sendlint::config::{self, Config};
use sendlint::render::stream::{Kind, Stream};
use sendlint::render::{FileResult, Outcome};
use sendlint::{Audience, Channel, ContextLayer, Format, Purpose, Severity};
use std::collections::HashMap;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Why a JSON file named on the command line is not checked.
const NOT_A_TEMPLATE: &str = "not a WhatsApp message template: expected a JSON object with name, language, category and components (BODY, HEADER, FOOTER, BUTTONS), a list of them or {\"data\": [...]}; pass --channel whatsapp to check its text anyway";

/// How many files are checked before their results are written and their sources dropped.
const BATCH: usize = 256;

/// What fixing one file did.
struct Fixed {
    display: String,
    /// How many fixes went in.
    count: usize,
    /// With --diff: the unified diff, nothing written.
    diff: Option<String>,
    /// The file could not be written: why.
    error: Option<String>,
}

/// One draft to check.
struct Input {
    /// The file, or the name given to standard input.
    path: PathBuf,
    stdin: bool,
    /// Found by walking a folder rather than named: a JSON file that is no WhatsApp template
    /// is then skipped without a word.
    walked: bool,
}

pub fn run(args: CheckArgs) -> u8 {
    let data = sendlint::rules::data();
    if let Some(Err(message)) = args
        .esp
        .as_deref()
        .map(|esp| data.merge_tags.known_esp(esp))
    {
        eprintln!("error: {message}");
        return 2;
    }
    let flags = ContextLayer {
        channel: args.channel.map(|channel| match channel {
            ChannelArg::Email => Channel::Email,
            ChannelArg::Sms => Channel::Sms,
            ChannelArg::Whatsapp => Channel::Whatsapp,
            ChannelArg::Form => Channel::Form,
        }),
        purpose: args.purpose.map(|purpose| match purpose {
            PurposeArg::Marketing => Purpose::Marketing,
            PurposeArg::Transactional => Purpose::Transactional,
            PurposeArg::OptinConfirmation => Purpose::OptinConfirmation,
            PurposeArg::OptoutConfirmation => Purpose::OptoutConfirmation,
        }),
        audience: args.audience.map(|audience| match audience {
            AudienceArg::Prospects => Audience::Prospects,
            AudienceArg::Customers => Audience::Customers,
            AudienceArg::Business => Audience::Business,
        }),
        jurisdictions: args.jurisdiction.as_ref().map(|list| list.0.clone()),
        language: args.lang.map(|lang| lang.code().to_string()),
        esp: args.esp.as_ref().map(|esp| esp.to_ascii_lowercase()),
        from: None,
        subject: None,
    };

    let fixed_config = match (&args.config, args.no_config) {
        (Some(path), _) => match config::load(path) {
            Ok(config) => Some(Arc::new(config)),
            Err(error) => {
                eprintln!("error: {error}");
                return 2;
            }
        },
        _ => None,
    };

    let mut usage_failed = false;
    let inputs = collect_inputs(&args, &mut usage_failed);
    let configs = ConfigCache {
        fixed: fixed_config,
        disabled: args.no_config,
        found: Mutex::new(HashMap::new()),
    };

    let stdin_text = if inputs.iter().any(|input| input.stdin) {
        let mut bytes = Vec::new();
        match std::io::stdin().read_to_end(&mut bytes) {
            Ok(_) => Some(Ok(bytes)),
            Err(error) => Some(Err(format!("cannot read standard input: {error}"))),
        }
    } else {
        None
    };

    // --diff shows the fixes --fix would write (with --unsafe-fixes, the unsafe ones too).
    let fix_level = (args.fix || args.unsafe_fixes || args.diff).then_some(if args.unsafe_fixes {
        fix::Level::Unsafe
    } else {
        fix::Level::Safe
    });
    let fixed = Mutex::new(Vec::<Fixed>::new());
    let fix_file = |input: &Input,
                    display: &str,
                    original: String,
                    report: sendlint::Report,
                    level: fix::Level,
                    recheck: &dyn Fn(&str) -> sendlint::Report| {
        let (mut source, report, count) = fix::fix_source(&original, report, level, recheck);
        if count > 0 {
            let mut outcome = Fixed {
                display: display.to_string(),
                count,
                diff: None,
                error: None,
            };
            if args.diff {
                outcome.diff = Some(fix::diff(display, &original, &source));
            } else if input.stdin {
                outcome.error = Some(
                    "standard input is not written back: use --diff to see the fixes".to_string(),
                );
            } else if let Err(error) = fix::write_atomic(&input.path, source.as_bytes()) {
                outcome.error = Some(format!(
                    "cannot write the fixes, the file is unchanged: {error}"
                ));
                source = original;
            }
            fixed
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .push(outcome);
        }
        (source, report)
    };

    let check_one = |input: &Input| -> Option<FileResult> {
        let display = display_path(&input.path);
        let bytes = if input.stdin {
            match &stdin_text {
                Some(Ok(bytes)) => Ok(bytes.clone()),
                Some(Err(message)) => Err(message.clone()),
                None => Err("standard input was not read".to_string()),
            }
        } else {
            std::fs::read(&input.path).map_err(|error| format!("cannot read the file: {error}"))
        };
        let extension = input
            .path
            .extension()
            .and_then(|ext| ext.to_str())
            .map(str::to_ascii_lowercase);
        // A MIME message is read as bytes: its parts declare their own charsets. A file with no
        // telling extension (a maildir file) is one when it opens with message headers.
        let known = extension.as_deref().and_then(Format::from_extension);
        let stored_message = known.is_none()
            && bytes
                .as_ref()
                .is_ok_and(|bytes| sendlint::document::mime::looks_like_message(bytes));
        if known == Some(Format::Mime) || stored_message {
            let outcome = bytes.and_then(|bytes| {
                let config = configs.for_file(&input.path)?;
                let mut settings = sendlint::settings_for(&input.path, &flags, config.as_deref());
                settings.message_language = args.message_lang.map(|lang| lang.code().to_string());
                settings.bulk_sender |= args.bulk_sender;
                let report = sendlint::check_message_report(&bytes, &settings);
                Ok((sendlint::document::mime::source_text(&bytes), report))
            });
            return Some(file_result(input, display, outcome));
        }
        let outcome = bytes.and_then(|bytes| decode(&bytes)).and_then(|source| {
            let format = match extension.as_deref().and_then(Format::from_extension) {
                Some(format) => format,
                None => Format::sniff(&source),
            };
            let config = configs.for_file(&input.path)?;
            let mut settings = sendlint::settings_for(&input.path, &flags, config.as_deref());
            settings.message_language = args.message_lang.map(|lang| lang.code().to_string());
            settings.bulk_sender |= args.bulk_sender;
            // JSON is read only as a WhatsApp template, or as WhatsApp when the channel says so.
            if format == Format::WhatsappTemplate
                && settings.flags.or(&settings.config).channel != Some(Channel::Whatsapp)
                && !sendlint::document::whatsapp::is_template_source(&source)
            {
                return Err(NOT_A_TEMPLATE.to_string());
            }
            let report = sendlint::check_document(&source, format, &settings);
            Ok(match fix_level {
                Some(level) => fix_file(input, &display, source, report, level, &|text: &str| {
                    sendlint::check_document(text, format, &settings)
                }),
                None => (source, report),
            })
        });
        if input.walked && matches!(&outcome, Err(message) if message == NOT_A_TEMPLATE) {
            return None;
        }
        Some(file_result(input, display, outcome))
    };

    let pool = args.threads.and_then(|threads| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads.max(1))
            .build()
            .ok()
    });
    let threshold = match args.fail_on {
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
        FailOn::Info => Severity::Info,
    };
    let mut baseline = match &args.baseline {
        Some(path) => match Baseline::read(path) {
            Ok(baseline) => Some(baseline),
            Err(message) => {
                eprintln!("error: {message}");
                return 2;
            }
        },
        None => None,
    };
    let mut recorded = args.write_baseline.as_ref().map(|_| Baseline::new());
    let colour = std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty());
    let kind = match args.format {
        OutputFormat::Human => Kind::Human { colour },
        OutputFormat::Json => Kind::Json,
        OutputFormat::Sarif => Kind::Sarif,
        OutputFormat::Github => Kind::Github,
        OutputFormat::Junit => Kind::Junit,
        OutputFormat::Gitlab => Kind::Gitlab,
        OutputFormat::Concise => Kind::Concise,
    };
    // --diff prints the diffs and --write-baseline records the findings, instead of the report.
    let report = !args.diff && args.write_baseline.is_none();
    let mut stream = report.then(|| Stream::new(kind, std::io::stdout().lock()));

    // A batch at a time, in input order: only one batch of sources is held at once, and the
    // output does not depend on how many threads checked it.
    let mut unreadable = false;
    let mut found = false;
    for batch in inputs.chunks(BATCH) {
        let mut results: Vec<FileResult> = match &pool {
            Some(pool) => pool.install(|| batch.par_iter().filter_map(check_one).collect()),
            None => batch.par_iter().filter_map(check_one).collect(),
        };
        if let Some(recorded) = &mut recorded {
            recorded.record(&results);
        }
        if let Some(baseline) = &mut baseline {
            baseline.filter(&mut results);
        }
        for result in &results {
            match &result.outcome {
                Outcome::Failed(message) => {
                    unreadable = true;
                    if args.format != OutputFormat::Human || !report {
                        eprintln!("error: {}: {message}", result.display);
                    }
                }
                Outcome::Checked { diagnostics, .. } => {
                    found |= diagnostics
                        .iter()
                        .any(|diagnostic| diagnostic.severity >= threshold);
                }
            }
        }
        if let Some(stream) = &mut stream {
            let _ = stream.batch(&results);
        }
    }

    if let (Some(path), Some(recorded)) = (&args.write_baseline, &recorded) {
        if let Err(message) = recorded.write(path) {
            eprintln!("error: {message}");
            return 2;
        }
        eprintln!(
            "recorded {} finding{} in {}",
            recorded.count(),
            if recorded.count() == 1 { "" } else { "s" },
            path.display()
        );
        return if usage_failed || unreadable { 2 } else { 0 };
    }
    if let (Some(path), Some(baseline)) = (&args.baseline, baseline) {
        let gone = baseline.gone();
        if !gone.is_empty() {
            let total: usize = gone.iter().map(|(_, _, count)| count).sum();
            eprintln!(
                "{total} finding{} recorded in {} {} gone; prune it with --write-baseline {}:",
                if total == 1 { "" } else { "s" },
                path.display(),
                if total == 1 { "has" } else { "have" },
                path.display()
            );
            for (file, rule, count) in &gone {
                eprintln!("  {file}: {rule} ({count})");
            }
        }
    }

    let mut fixed = fixed
        .into_inner()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    fixed.sort_by(|a, b| a.display.cmp(&b.display));
    let write_failed = fixed.iter().any(|outcome| outcome.error.is_some());
    for outcome in &fixed {
        if let Some(error) = &outcome.error {
            eprintln!("error: {}: {error}", outcome.display);
        }
    }
    let failed = usage_failed || write_failed || unreadable;
    if args.diff {
        let mut stdout = std::io::stdout().lock();
        for outcome in &fixed {
            let _ = stdout.write_all(outcome.diff.as_deref().unwrap_or_default().as_bytes());
        }
        let _ = stdout.flush();
        let total: usize = fixed.iter().map(|outcome| outcome.count).sum();
        eprintln!(
            "{total} fix{} available in {} file{}",
            if total == 1 { "" } else { "es" },
            fixed.len(),
            if fixed.len() == 1 { "" } else { "s" }
        );
        return if failed {
            2
        } else if fixed.is_empty() {
            0
        } else {
            1
        };
    }
    if let Some(stream) = stream {
        let _ = stream.finish();
    }
    if fix_level.is_some() && !fixed.is_empty() {
        let written: Vec<&Fixed> = fixed
            .iter()
            .filter(|outcome| outcome.error.is_none())
            .collect();
        let total: usize = written.iter().map(|outcome| outcome.count).sum();
        eprintln!(
            "fixed {total} finding{} in {} file{}",
            if total == 1 { "" } else { "s" },
            written.len(),
            if written.len() == 1 { "" } else { "s" }
        );
    }
    if failed {
        2
    } else if found {
        1
    } else {
        0
    }
}

/// What checking one input gave, for the renderers.
fn file_result(
    input: &Input,
    display: String,
    outcome: Result<(String, sendlint::Report), String>,
) -> FileResult {
    match outcome {
        Ok((source, report)) => FileResult {
            path: input.path.clone(),
            display,
            source,
            outcome: Outcome::Checked {
                context: report.context,
                diagnostics: report.diagnostics,
            },
        },
        Err(message) => FileResult {
            path: input.path.clone(),
            display,
            source: String::new(),
            outcome: Outcome::Failed(message),
        },
    }
}

/// The drafts named on the command line, folders walked (honouring `.gitignore`) and sorted.
fn collect_inputs(args: &CheckArgs, usage_failed: &mut bool) -> Vec<Input> {
    let mut inputs = Vec::new();
    for path in &args.paths {
        if path.as_os_str() == "-" {
            let name = args
                .stdin_filename
                .clone()
                .unwrap_or_else(|| PathBuf::from("-"));
            inputs.push(Input {
                path: name,
                stdin: true,
                walked: false,
            });
        } else if path.is_dir() {
            let mut found: Vec<PathBuf> = ignore::WalkBuilder::new(path)
                .build()
                .filter_map(Result::ok)
                .filter(|entry| entry.file_type().is_some_and(|kind| kind.is_file()))
                .map(ignore::DirEntry::into_path)
                .filter(|file| {
                    file.extension()
                        .and_then(|ext| ext.to_str())
                        .is_some_and(|ext| Format::from_extension(ext).is_some())
                })
                .collect();
            found.sort();
            inputs.extend(found.into_iter().map(|file| Input {
                path: file,
                stdin: false,
                walked: true,
            }));
        } else if path.exists() {
            inputs.push(Input {
                path: path.clone(),
                stdin: false,
                walked: false,
            });
        } else {
            eprintln!("error: {}: no such file or folder", path.display());
            *usage_failed = true;
        }
    }
    inputs
}

/// UTF-8 text without a byte-order mark, or a message saying what to do.
fn decode(bytes: &[u8]) -> Result<String, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(error) => {
            let at = error.valid_up_to();
            let line = bytes[..at].iter().filter(|&&byte| byte == b'\n').count() + 1;
            Err(format!(
                "not valid UTF-8 (line {line}, byte {at}): save the file as UTF-8 and check again"
            ))
        }
    }
}

fn display_path(path: &Path) -> String {
    let text = path.display().to_string();
    text.strip_prefix("./").map(str::to_string).unwrap_or(text)
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// A configuration file's outcome: loaded, or the error to report for every file under it.
type Loaded = Result<Option<Arc<Config>>, String>;

/// Configuration per folder, loaded once however many files share it.
struct ConfigCache {
    fixed: Option<Arc<Config>>,
    disabled: bool,
    found: Mutex<HashMap<PathBuf, Loaded>>,
}

impl ConfigCache {
    fn for_file(&self, file: &Path) -> Loaded {
        if self.disabled {
            return Ok(None);
        }
        if let Some(config) = &self.fixed {
            return Ok(Some(Arc::clone(config)));
        }
        let dir = absolute(file)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let Some(path) = config::discover(&dir) else {
            return Ok(None);
        };
        let mut found = self
            .found
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let entry = found
            .entry(path.clone())
            .or_insert_with(|| match config::load(&path) {
                Ok(config) => Ok(Some(Arc::new(config))),
                Err(error) => Err(format!("the configuration is invalid: {error}")),
            });
        entry.clone()
    }
}
