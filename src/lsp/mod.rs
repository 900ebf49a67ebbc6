//! `sendlint lsp`: the language server. A synchronous loop over `lsp-server` messages, as in
//! rust-analyzer's `minimal_lsp.rs`. It keeps the open documents, checks them with the same
//! function as `sendlint check` and translates: it adds no logic of its own.
//!
//! Invariant: only this module knows `lsp-types`; the core sees byte ranges and `Settings`.

mod actions;
mod convert;
mod settings;
mod transport;

pub use actions::REASON_PLACEHOLDER;
pub use convert::RULE_DOCS_BASE;
pub use transport::stdio;

use crate::diagnostic::Diagnostic;
use crate::document::Format;
use convert::{Encoding, Lines};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use lsp_types::{
    CodeActionParams, DidChangeConfigurationParams, DidChangeTextDocumentParams,
    DidChangeWatchedFilesParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
    DidSaveTextDocumentParams, DocumentDiagnosticParams, HoverParams, InitializeParams, Uri,
};
use settings::{ClientSettings, ConfigCache};
use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;

/// An open document and what was last found in it.
struct OpenDocument {
    text: String,
    version: i32,
    language_id: String,
    /// The findings for the current text and settings; `None` when they must be made again.
    analysis: Option<Analysis>,
    /// Whether the client has yet to be sent the current findings.
    unpublished: bool,
}

/// What checking a document gave.
struct Analysis {
    format: Format,
    diagnostics: Vec<Diagnostic>,
    /// A configuration that could not be read: shown instead of findings, as the CLI does.
    config_error: Option<String>,
}

struct Server<'a> {
    connection: &'a Connection,
    encoding: Encoding,
    client: ClientSettings,
    configs: ConfigCache,
    documents: HashMap<Uri, OpenDocument>,
    next_request: i32,
}

/// A request's failure, answered as a JSON-RPC error.
struct Failure {
    code: ErrorCode,
    message: String,
}

impl Failure {
    fn invalid_params(error: impl std::fmt::Display) -> Failure {
        Failure {
            code: ErrorCode::InvalidParams,
            message: format!("invalid params: {error}"),
        }
    }
}

/// The file a `file:` URI names.
fn file_path(uri: &Uri) -> Option<PathBuf> {
    let scheme = uri.scheme()?;
    if !scheme.as_str().eq_ignore_ascii_case("file") {
        return None;
    }
    let path = uri.path().as_estr().decode().into_string().ok()?;
    Some(PathBuf::from(path.as_ref()))
}

/// The encoding for the client: UTF-8 when offered, else the protocol's default, UTF-16.
fn negotiate(params: &InitializeParams) -> Encoding {
    let offered = params
        .capabilities
        .general
        .as_ref()
        .and_then(|general| general.position_encodings.as_ref());
    if offered.is_some_and(|list| list.contains(&lsp_types::PositionEncodingKind::UTF8)) {
        Encoding::Utf8
    } else {
        Encoding::Utf16
    }
}

fn capabilities(encoding: Encoding) -> lsp_types::ServerCapabilities {
    use lsp_types::*;
    ServerCapabilities {
        position_encoding: Some(match encoding {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                ..TextDocumentSyncOptions::default()
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..CodeActionOptions::default()
        })),
        diagnostic_provider: Some(DiagnosticServerCapabilities::Options(DiagnosticOptions {
            identifier: Some("sendlint".to_string()),
            inter_file_dependencies: false,
            workspace_diagnostics: false,
            ..DiagnosticOptions::default()
        })),
        ..ServerCapabilities::default()
    }
}

/// Runs `work`, turning a panic into an error message so that one bad request cannot take the
/// server down.
fn guarded<T>(what: &str, work: impl FnOnce() -> T) -> Result<T, String> {
    catch_unwind(AssertUnwindSafe(work)).map_err(|panic| {
        let detail = panic
            .downcast_ref::<&str>()
            .map(|text| text.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_string());
        let message = format!("internal error while handling {what}: {detail}");
        eprintln!("sendlint lsp: {message}");
        message
    })
}

/// Serves one client on `connection` until it shuts down or goes away.
pub fn run(connection: &Connection) -> Result<(), String> {
    let (id, params) = connection
        .initialize_start()
        .map_err(|error| format!("initialization failed: {error}"))?;
    let params: InitializeParams = match serde_json::from_value(params) {
        Ok(params) => params,
        Err(error) => {
            let message = format!("invalid initialize params: {error}");
            let _ = connection.sender.send(
                Response::new_err(id, ErrorCode::InvalidParams as i32, message.clone()).into(),
            );
            return Err(message);
        }
    };
    let encoding = negotiate(&params);
    let (client, problems) = params
        .initialization_options
        .as_ref()
        .map(ClientSettings::from_value)
        .unwrap_or_default();
    let result = lsp_types::InitializeResult {
        capabilities: capabilities(encoding),
        server_info: Some(lsp_types::ServerInfo {
            name: "sendlint".to_string(),
            version: Some(env!("CARGO_PKG_VERSION").to_string()),
        }),
    };
    let result = serde_json::to_value(result).map_err(|error| error.to_string())?;
    connection
        .initialize_finish(id, result)
        .map_err(|error| format!("initialization failed: {error}"))?;

    let mut server = Server {
        connection,
        encoding,
        client,
        configs: ConfigCache::default(),
        documents: HashMap::new(),
        next_request: 0,
    };
    for problem in problems {
        server.show_error(&problem);
    }
    let watch = params
        .capabilities
        .workspace
        .as_ref()
        .and_then(|workspace| workspace.did_change_watched_files.as_ref())
        .and_then(|watched| watched.dynamic_registration)
        .unwrap_or(false);
    if watch {
        server.watch_config_files();
    }
    server.main_loop()
}

impl Server<'_> {
    fn send(&self, message: Message) {
        // The client going away ends the loop when the receiver closes; nothing to do here.
        let _ = self.connection.sender.send(message);
    }

    fn notify<N: lsp_types::notification::Notification>(&self, params: N::Params) {
        self.send(Notification::new(N::METHOD.to_string(), params).into());
    }

    fn show_error(&self, message: &str) {
        self.notify::<lsp_types::notification::ShowMessage>(lsp_types::ShowMessageParams {
            typ: lsp_types::MessageType::ERROR,
            message: format!("sendlint: {message}"),
        });
    }

    fn watch_config_files(&mut self) {
        use lsp_types::*;
        let watchers = config_file_names()
            .map(|name| FileSystemWatcher {
                glob_pattern: GlobPattern::String(format!("**/{name}")),
                kind: None,
            })
            .collect();
        let options = DidChangeWatchedFilesRegistrationOptions { watchers };
        let registration = Registration {
            id: "sendlint-config-files".to_string(),
            method: notification::DidChangeWatchedFiles::METHOD.to_string(),
            register_options: serde_json::to_value(options).ok(),
        };
        self.next_request += 1;
        let request = Request::new(
            RequestId::from(format!("sendlint-{}", self.next_request)),
            request::RegisterCapability::METHOD.to_string(),
            RegistrationParams {
                registrations: vec![registration],
            },
        );
        self.send(request.into());
    }

    fn main_loop(&mut self) -> Result<(), String> {
        while let Ok(message) = self.connection.receiver.recv() {
            match message {
                Message::Request(request) => {
                    if self
                        .connection
                        .handle_shutdown(&request)
                        .map_err(|error| error.to_string())?
                    {
                        return Ok(());
                    }
                    let id = request.id.clone();
                    let method = request.method.clone();
                    let response = match guarded(&method, || self.on_request(request)) {
                        Ok(Ok(value)) => Response::new_ok(id, value),
                        Ok(Err(failure)) => {
                            Response::new_err(id, failure.code as i32, failure.message)
                        }
                        Err(message) => {
                            self.forget_analyses();
                            Response::new_err(id, ErrorCode::InternalError as i32, message)
                        }
                    };
                    self.send(response.into());
                }
                Message::Notification(notification) => {
                    if notification.method == "exit" {
                        return Ok(());
                    }
                    let method = notification.method.clone();
                    if let Err(message) = guarded(&method, || self.on_notification(notification)) {
                        self.forget_analyses();
                        self.show_error(&message);
                    }
                }
                // Answers to our own requests (the watcher registration): nothing to do.
                Message::Response(_) => {}
            }
            // Findings are sent when no message waits, so a burst of edits is checked once.
            if self.connection.receiver.is_empty()
                && let Err(message) = guarded("publishing diagnostics", || self.publish())
            {
                self.forget_analyses();
                self.show_error(&message);
            }
        }
        Ok(())
    }

    /// After a panic, nothing cached is trusted; nothing the user wrote is lost either.
    fn forget_analyses(&mut self) {
        for document in self.documents.values_mut() {
            document.analysis = None;
            document.unpublished = false;
        }
    }

    fn on_request(&mut self, request: Request) -> Result<serde_json::Value, Failure> {
        use lsp_types::request::*;
        let params = request.params;
        let to_value = |value: serde_json::Value| Ok(value);
        match request.method.as_str() {
            DocumentDiagnosticRequest::METHOD => {
                let params: DocumentDiagnosticParams =
                    serde_json::from_value(params).map_err(Failure::invalid_params)?;
                to_value(self.pull_diagnostics(&params.text_document.uri)?)
            }
            CodeActionRequest::METHOD => {
                let params: CodeActionParams =
                    serde_json::from_value(params).map_err(Failure::invalid_params)?;
                to_value(self.code_actions(&params)?)
            }
            HoverRequest::METHOD => {
                let params: HoverParams =
                    serde_json::from_value(params).map_err(Failure::invalid_params)?;
                to_value(self.hover(&params)?)
            }
            method => Err(Failure {
                code: ErrorCode::MethodNotFound,
                message: format!("unknown request `{method}`"),
            }),
        }
    }

    fn on_notification(&mut self, notification: Notification) {
        use lsp_types::notification::*;
        let params = notification.params;
        let method = notification.method.as_str();
        // A notification cannot be answered; a malformed one is reported to the user.
        let invalid = |server: &Self, error: serde_json::Error| {
            server.show_error(&format!("invalid `{method}` notification: {error}"));
        };
        match method {
            DidOpenTextDocument::METHOD => {
                match serde_json::from_value::<DidOpenTextDocumentParams>(params) {
                    Ok(params) => {
                        let item = params.text_document;
                        self.documents.insert(
                            item.uri,
                            OpenDocument {
                                text: item.text,
                                version: item.version,
                                language_id: item.language_id,
                                analysis: None,
                                unpublished: true,
                            },
                        );
                    }
                    Err(error) => invalid(self, error),
                }
            }
            DidChangeTextDocument::METHOD => {
                match serde_json::from_value::<DidChangeTextDocumentParams>(params) {
                    Ok(params) => self.change(params),
                    Err(error) => invalid(self, error),
                }
            }
            DidCloseTextDocument::METHOD => {
                match serde_json::from_value::<DidCloseTextDocumentParams>(params) {
                    Ok(params) => {
                        let uri = params.text_document.uri;
                        self.documents.remove(&uri);
                        self.notify::<PublishDiagnostics>(lsp_types::PublishDiagnosticsParams {
                            uri,
                            diagnostics: Vec::new(),
                            version: None,
                        });
                    }
                    Err(error) => invalid(self, error),
                }
            }
            DidSaveTextDocument::METHOD => {
                match serde_json::from_value::<DidSaveTextDocumentParams>(params) {
                    Ok(params) => {
                        if file_path(&params.text_document.uri)
                            .is_some_and(|path| settings::is_config_file(&path))
                        {
                            self.reload_configuration();
                        }
                    }
                    Err(error) => invalid(self, error),
                }
            }
            DidChangeWatchedFiles::METHOD => {
                match serde_json::from_value::<DidChangeWatchedFilesParams>(params) {
                    Ok(params) => {
                        if params.changes.iter().any(|change| {
                            file_path(&change.uri)
                                .is_some_and(|path| settings::is_config_file(&path))
                        }) {
                            self.reload_configuration();
                        }
                    }
                    Err(error) => invalid(self, error),
                }
            }
            DidChangeConfiguration::METHOD => {
                match serde_json::from_value::<DidChangeConfigurationParams>(params) {
                    Ok(params) => {
                        let (client, problems) = ClientSettings::from_value(&params.settings);
                        for problem in problems {
                            self.show_error(&problem);
                        }
                        self.client = client;
                        self.reload_configuration();
                    }
                    Err(error) => invalid(self, error),
                }
            }
            // `$/cancelRequest`, `$/setTrace` and the like need nothing from a synchronous server.
            _ => {}
        }
    }

    fn change(&mut self, params: DidChangeTextDocumentParams) {
        let encoding = self.encoding;
        let uri = params.text_document.uri;
        let Some(document) = self.documents.get_mut(&uri) else {
            self.show_error(&format!(
                "a change to a document that is not open: {}",
                uri.as_str()
            ));
            return;
        };
        for change in params.content_changes {
            match change.range {
                None => document.text = change.text,
                Some(range) => {
                    let lines = Lines::new(&document.text, encoding);
                    let span = lines.offsets(range);
                    document.text.replace_range(span, &change.text);
                }
            }
        }
        document.version = params.text_document.version;
        document.analysis = None;
        document.unpublished = true;
    }

    /// Forgets every configuration and finding: they are made again from the files on disk.
    fn reload_configuration(&mut self) {
        self.configs.clear();
        for document in self.documents.values_mut() {
            document.analysis = None;
            document.unpublished = true;
        }
    }

    fn analyse(&mut self, uri: &Uri) -> Option<&OpenDocument> {
        let file = file_path(uri);
        let document = self.documents.get_mut(uri)?;
        if document.analysis.is_none() {
            let path = settings::check_path(file.as_deref(), &document.language_id);
            let format = settings::format_for(&path, &document.text);
            let config = match file.as_deref() {
                Some(file) => self.configs.for_file(file),
                None => Ok(None),
            };
            document.analysis = Some(match config {
                Err(message) => Analysis {
                    format,
                    diagnostics: Vec::new(),
                    config_error: Some(message),
                },
                Ok(config) => {
                    let settings = settings::settings(&path, &self.client, config.as_deref());
                    let diagnostics = if format == Format::WhatsappTemplate
                        && settings.flags.or(&settings.config).channel
                            != Some(crate::Channel::Whatsapp)
                        && !crate::document::whatsapp::is_template_source(&document.text)
                    {
                        // JSON that is no WhatsApp template is not a draft: as `sendlint check`
                        // skips it, nothing is reported.
                        Vec::new()
                    } else {
                        crate::check_source(&document.text, format, &settings)
                    };
                    Analysis {
                        format,
                        diagnostics,
                        config_error: None,
                    }
                }
            });
        }
        self.documents.get(uri)
    }

    fn proto_diagnostics(&mut self, uri: &Uri) -> Option<(Vec<lsp_types::Diagnostic>, i32)> {
        let encoding = self.encoding;
        let document = self.analyse(uri)?;
        let analysis = document.analysis.as_ref()?;
        let lines = Lines::new(&document.text, encoding);
        let diagnostics = match &analysis.config_error {
            Some(message) => vec![lsp_types::Diagnostic {
                range: lines.range(&(0..0)),
                severity: Some(lsp_types::DiagnosticSeverity::ERROR),
                source: Some("sendlint".to_string()),
                message: message.clone(),
                ..lsp_types::Diagnostic::default()
            }],
            None => analysis
                .diagnostics
                .iter()
                .map(|diagnostic| convert::diagnostic(&lines, diagnostic))
                .collect(),
        };
        Some((diagnostics, document.version))
    }

    fn publish(&mut self) {
        let waiting: Vec<Uri> = self
            .documents
            .iter()
            .filter(|(_, document)| document.unpublished)
            .map(|(uri, _)| uri.clone())
            .collect();
        for uri in waiting {
            if let Some((diagnostics, version)) = self.proto_diagnostics(&uri) {
                self.notify::<lsp_types::notification::PublishDiagnostics>(
                    lsp_types::PublishDiagnosticsParams {
                        uri: uri.clone(),
                        diagnostics,
                        version: Some(version),
                    },
                );
            }
            if let Some(document) = self.documents.get_mut(&uri) {
                document.unpublished = false;
            }
        }
    }

    fn not_open(uri: &Uri) -> Failure {
        Failure {
            code: ErrorCode::InvalidParams,
            message: format!("the document is not open: {}", uri.as_str()),
        }
    }

    fn pull_diagnostics(&mut self, uri: &Uri) -> Result<serde_json::Value, Failure> {
        use lsp_types::*;
        let (items, _) = self
            .proto_diagnostics(uri)
            .ok_or_else(|| Self::not_open(uri))?;
        let report = DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Full(
            RelatedFullDocumentDiagnosticReport {
                related_documents: None,
                full_document_diagnostic_report: FullDocumentDiagnosticReport {
                    result_id: None,
                    items,
                },
            },
        ));
        serde_json::to_value(report).map_err(|error| Failure {
            code: ErrorCode::InternalError,
            message: error.to_string(),
        })
    }

    fn code_actions(&mut self, params: &CodeActionParams) -> Result<serde_json::Value, Failure> {
        let encoding = self.encoding;
        let uri = &params.text_document.uri;
        let document = self.analyse(uri).ok_or_else(|| Self::not_open(uri))?;
        let Some(analysis) = document.analysis.as_ref() else {
            return Ok(serde_json::Value::Array(Vec::new()));
        };
        let lines = Lines::new(&document.text, encoding);
        let range = lines.offsets(params.range);
        let actions = actions::code_actions(
            uri,
            &document.text,
            analysis.format,
            &lines,
            &analysis.diagnostics,
            range,
        );
        serde_json::to_value(actions).map_err(|error| Failure {
            code: ErrorCode::InternalError,
            message: error.to_string(),
        })
    }

    fn hover(&mut self, params: &HoverParams) -> Result<serde_json::Value, Failure> {
        let encoding = self.encoding;
        let position = &params.text_document_position_params;
        let uri = &position.text_document.uri;
        let document = self.analyse(uri).ok_or_else(|| Self::not_open(uri))?;
        let Some(analysis) = document.analysis.as_ref() else {
            return Ok(serde_json::Value::Null);
        };
        let lines = Lines::new(&document.text, encoding);
        let offset = lines.offset(position.position);
        let hover = actions::hover(&lines, &analysis.diagnostics, offset);
        serde_json::to_value(hover).map_err(|error| Failure {
            code: ErrorCode::InternalError,
            message: error.to_string(),
        })
    }
}

fn config_file_names() -> impl Iterator<Item = &'static str> {
    crate::config::FILE_NAMES.into_iter()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_an_error_message() {
        let outcome: Result<(), String> = guarded("textDocument/hover", || panic!("boom"));
        let message = outcome.unwrap_err();
        assert!(message.contains("textDocument/hover"), "{message}");
        assert!(message.contains("boom"), "{message}");
        assert_eq!(guarded("x", || 7), Ok(7));
    }
}
