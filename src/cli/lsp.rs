//! `sendlint lsp`: the language server on standard input and output.

/// Serves one editor until it shuts the server down; 0 after a clean shutdown, else 2.
pub fn run() -> u8 {
    let (connection, io_threads) = sendlint::lsp::stdio();
    let outcome = sendlint::lsp::run(&connection);
    drop(connection);
    let joined = io_threads.join();
    match (outcome, joined) {
        (Ok(()), Ok(())) => 0,
        (Err(message), _) => {
            eprintln!("error: {message}");
            2
        }
        (Ok(()), Err(error)) => {
            eprintln!("error: the connection to the editor failed: {error}");
            2
        }
    }
}
