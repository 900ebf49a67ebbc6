//! Real editors as clients: a headless Neovim (0.7) with the plugin in `editors/neovim`, and a
//! batch Emacs (28, with eglot 1.9) with `editors/emacs/sendlint.el`, both from Debian's
//! packages, which `.ci/run` installs, drive `sendlint lsp` end to end. Neither offers a
//! position encoding, so this exercises the UTF-16 default, with emoji before the finding.

use assert_cmd::Command;
use std::time::Duration;

const FIXTURE: &str = "<html lang=\"en\"><body>\n<p>😀 Spring sale: 30% off. <a href=\"https://shop.example.org/sale\">Shop now</a></p>\n<p>😀😀 <label><input type=\"checkbox\" name=\"offers\" checked> Send me offers</label></p>\n<p>Sent by Alder &amp; Ember Coffee Co.</p>\n</body></html>\n";

#[test]
fn neovim_shows_the_diagnostic_and_applies_the_fix() {
    let root = super::common::root();
    let dir = tempfile::tempdir().unwrap();
    let fixture = dir.path().join("spring.html");
    std::fs::write(&fixture, FIXTURE).unwrap();
    // Neovim reports columns as byte offsets into the line.
    let line = FIXTURE.lines().nth(2).unwrap();
    let column = line.find("checked").unwrap();
    let which = std::process::Command::new("nvim").arg("--version").output();
    assert!(
        which.is_ok_and(|output| output.status.success()),
        "nvim is not installed: `apt-get install neovim` (.ci/run does)"
    );
    let output = Command::new("nvim")
        .args(["--headless", "-u", "NONE", "-i", "NONE", "-n"])
        .args(["-c", "filetype on", "-c"])
        .arg(format!(
            "luafile {}",
            root.join("tests/editors/neovim.lua").display()
        ))
        .current_dir(dir.path())
        .env("SENDLINT_BIN", env!("CARGO_BIN_EXE_sendlint"))
        .env("SENDLINT_PLUGIN", root.join("editors/neovim"))
        .env("SENDLINT_FIXTURE", &fixture)
        .env("SENDLINT_EXPECT_LINE", "2")
        .env("SENDLINT_EXPECT_COL", column.to_string())
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && stderr.contains("OK"),
        "neovim: {:?}\n{stderr}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout)
    );
}

#[test]
fn emacs_eglot_shows_the_diagnostic_and_applies_the_fix() {
    let root = super::common::root();
    let dir = tempfile::tempdir().unwrap();
    let fixture = dir.path().join("spring.html");
    std::fs::write(&fixture, FIXTURE).unwrap();
    let which = std::process::Command::new("emacs")
        .arg("--version")
        .output();
    assert!(
        which.is_ok_and(|output| output.status.success()),
        "emacs is not installed: `apt-get install emacs-nox elpa-eglot` (.ci/run does)"
    );
    // HOME in the temporary directory keeps the developer's own packages out: the script
    // activates Debian's elpa-eglot with `package-initialize`, which also reads ~/.emacs.d/elpa.
    let output = Command::new("emacs")
        .args(["--batch", "-Q", "-l"])
        .arg(root.join("tests/editors/emacs.el"))
        .current_dir(dir.path())
        .env("HOME", dir.path())
        .env("SENDLINT_BIN", env!("CARGO_BIN_EXE_sendlint"))
        .env("SENDLINT_EMACS_DIR", root.join("editors/emacs"))
        .env("SENDLINT_FIXTURE", &fixture)
        .env("SENDLINT_EXPECT_LINE", "3")
        .env("SENDLINT_EXPECT_TEXT", "checked")
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && stdout.lines().any(|line| line.starts_with("RESULT ok ")),
        "emacs: {:?}\n{stdout}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    // The fix as eglot applied and Emacs saved it: the attribute and its space gone, nothing
    // else touched.
    assert_eq!(
        std::fs::read_to_string(&fixture).unwrap(),
        FIXTURE.replace(" checked>", ">")
    );
}
