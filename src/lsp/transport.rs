//! The stdio transport. `lsp-server`'s own stops reading at the first payload that is not a
//! JSON-RPC message; this one answers it with a JSON-RPC error (id `null`, as JSON-RPC asks when
//! the id cannot be read) and goes on with the next message, so a bad message cannot end the
//! session.

use lsp_server::{Connection, ErrorCode, Message};
use std::io::{self, BufReader, Write};
use std::thread;

/// The threads behind a stdio connection; join them after the server loop ends.
pub struct IoThreads {
    reader: thread::JoinHandle<io::Result<()>>,
    writer: thread::JoinHandle<io::Result<()>>,
}

impl IoThreads {
    pub fn join(self) -> io::Result<()> {
        // The reader blocks on standard input until the client closes it; after `exit` it has
        // already returned, and a client that vanished without `exit` closes the pipe too.
        let writer = self
            .writer
            .join()
            .map_err(|_| io::Error::other("the writer thread panicked"))?;
        let reader = self
            .reader
            .join()
            .map_err(|_| io::Error::other("the reader thread panicked"))?;
        writer.and(reader)
    }
}

fn write_raw(text: &str) -> io::Result<()> {
    let mut stdout = io::stdout().lock();
    write!(stdout, "Content-Length: {}\r\n\r\n{}", text.len(), text)?;
    stdout.flush()
}

/// A connection over standard input and output.
pub fn stdio() -> (Connection, IoThreads) {
    let (writer_sender, writer_receiver) = crossbeam_channel::bounded::<Message>(0);
    let writer = thread::Builder::new()
        .name("sendlint-lsp-writer".to_string())
        .spawn(move || {
            for message in writer_receiver {
                message.write(&mut io::stdout().lock())?;
            }
            Ok(())
        })
        .expect("the operating system refused to start a thread");
    let (reader_sender, reader_receiver) = crossbeam_channel::bounded::<Message>(0);
    let reader = thread::Builder::new()
        .name("sendlint-lsp-reader".to_string())
        .spawn(move || {
            let mut stdin = BufReader::new(io::stdin().lock());
            loop {
                match Message::read(&mut stdin) {
                    Ok(Some(message)) => {
                        let exit = matches!(&message, Message::Notification(n) if n.method == "exit");
                        if reader_sender.send(message).is_err() || exit {
                            return Ok(());
                        }
                    }
                    Ok(None) => return Ok(()),
                    // The frame was read whole; only its content is bad.
                    Err(error)
                        if error.kind() == io::ErrorKind::InvalidData
                            && error.to_string().starts_with("malformed LSP payload") =>
                    {
                        eprintln!("sendlint lsp: {error}");
                        let response = serde_json::json!({
                            "jsonrpc": "2.0",
                            "id": null,
                            "error": {
                                "code": ErrorCode::ParseError as i32,
                                "message": "not a JSON-RPC message: the payload is not valid JSON or lacks `method`, `id` or `result`",
                            },
                        });
                        write_raw(&response.to_string())?;
                    }
                    Err(error) => return Err(error),
                }
            }
        })
        .expect("the operating system refused to start a thread");
    (
        Connection {
            sender: writer_sender,
            receiver: reader_receiver,
        },
        IoThreads { reader, writer },
    )
}
