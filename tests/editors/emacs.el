;;; emacs.el --- the real-editor test with Emacs and eglot  -*- lexical-binding: t; -*-

;;; Commentary:
;; A batch Emacs with eglot and editors/emacs/sendlint.el, set up as its README tells users,
;; opens a draft, receives sendlint's diagnostics through Flymake, checks the place of the
;; pre-ticked-consent one, picks the quick fix that removes `checked' from the actions
;; `eglot-code-actions' offers, sees the diagnostic go and saves the draft.  Run by
;; tests/suite/editors.rs as
;;
;;   emacs --batch -Q -l tests/editors/emacs.el
;;
;; with SENDLINT_BIN (the server), SENDLINT_EMACS_DIR (editors/emacs), SENDLINT_FIXTURE (a copy
;; of the draft, changed in place), SENDLINT_EXPECT_LINE (1-based) and SENDLINT_EXPECT_TEXT
;; (what the diagnostic's range must slice).  It prints one line, `RESULT ok LINE:COLUMN FIXED'
;; or `RESULT fail REASON', and exits non-zero on failure.

;;; Code:

(require 'cl-lib)
(require 'package)

(defvar sendlint-command)  ; from sendlint.el, loaded once eglot is found

;; With -Q, Debian's site-start does not run, so the elpa-eglot package (Emacs 28) and the newer
;; project and xref it needs are activated here; from Emacs 29 on eglot is built in.
(add-to-list 'package-directory-list "/usr/share/emacs/site-lisp/elpa")
(package-initialize)

(defconst sendlint-test-timeout 20
  "Seconds to wait for the server before failing.")

(defun sendlint-test-finish (status &rest details)
  "Print the summary line, STATUS (`ok' or `fail') and DETAILS; exit accordingly."
  (princ (format "RESULT %s %s\n" status (mapconcat #'identity details " ")))
  (kill-emacs (if (eq status 'ok) 0 1)))

(defun sendlint-test-fail (format-string &rest args)
  "Fail the test with the reason FORMAT-STRING formatted with ARGS."
  (sendlint-test-finish 'fail (apply #'format format-string args)))

(defun sendlint-test-end-command ()
  "Do what the command loop does after a command, then in a pause.
Batch mode has no command loop: without this, `eglot-ensure' would
never connect (it waits for the next command), and eglot would never
send a change nor Flymake start a new check (both wait for an idle
moment).  Each idle timer runs once, as in one pause."
  (run-hooks 'post-command-hook)
  (dolist (timer (copy-sequence timer-idle-list))
    (when (memq timer timer-idle-list)  ; an earlier one may have cancelled it
      (timer-event-handler timer))))

(defun sendlint-test-wait (predicate)
  "Read the server's messages until PREDICATE holds, and return its value.
Nil after `sendlint-test-timeout' seconds."
  (let ((deadline (+ (float-time) sendlint-test-timeout))
        result)
    (while (and (not (setq result (funcall predicate)))
                (< (float-time) deadline))
      (accept-process-output nil 0.05))
    result))

(defun sendlint-test-diagnostics ()
  "The diagnostics Flymake shows in the current buffer, as (CODE . DIAGNOSTIC)."
  (cl-loop for diagnostic in (flymake-diagnostics)
           for lsp = (cdr (assq 'eglot-lsp-diag (flymake-diagnostic-data diagnostic)))
           when lsp
           collect (cons (plist-get lsp :code) diagnostic)))

(defun sendlint-test-find (code)
  "The Flymake diagnostic with the rule CODE in the current buffer, if any."
  (cdr (assoc code (sendlint-test-diagnostics))))

(defvar sendlint-test-published nil
  "The rule codes of each publishDiagnostics from the server, newest first.")

(defun sendlint-test-getenv (name)
  "The environment variable NAME, which the test must be given."
  (or (getenv name) (sendlint-test-fail "%s is not set" name)))

(defun sendlint-test-run ()
  "The test."
  (unless (require 'eglot nil t)
    (sendlint-test-fail "eglot is missing: `apt-get install elpa-eglot' on Emacs 28"))
  ;; What the server said, beside what Flymake shows: Flymake drops a diagnostic by itself when
  ;; an edit deletes all of its text, as the fix does, before the server has seen the edit.
  (cl-defmethod eglot-handle-notification :after
    (_server (_method (eql textDocument/publishDiagnostics)) &key diagnostics &allow-other-keys)
    (push (cl-map 'list (lambda (diagnostic) (plist-get diagnostic :code)) diagnostics)
          sendlint-test-published))
  ;; The setup from editors/emacs/README.md, with the server under test.
  (add-to-list 'load-path (sendlint-test-getenv "SENDLINT_EMACS_DIR"))
  (require 'sendlint)
  (setq sendlint-command (list (sendlint-test-getenv "SENDLINT_BIN") "lsp"))
  (add-hook 'html-mode-hook #'eglot-ensure)
  (let ((expected-line (string-to-number (sendlint-test-getenv "SENDLINT_EXPECT_LINE")))
        (expected-text (sendlint-test-getenv "SENDLINT_EXPECT_TEXT")))
    (find-file (sendlint-test-getenv "SENDLINT_FIXTURE"))
    (sendlint-test-end-command)
    (unless (sendlint-test-wait #'eglot-current-server)
      (sendlint-test-fail "eglot did not connect to the server for %s" major-mode))
    (let* ((diagnostic (or (sendlint-test-wait
                            (lambda () (sendlint-test-find "pre-ticked-consent")))
                           (sendlint-test-fail "no pre-ticked-consent diagnostic arrived: %S"
                                               (mapcar #'car (sendlint-test-diagnostics)))))
           (beg (flymake-diagnostic-beg diagnostic))
           (end (flymake-diagnostic-end diagnostic))
           (line (line-number-at-pos beg))
           (column (save-excursion (goto-char beg) (funcall eglot-current-column-function)))
           (text (buffer-substring-no-properties beg end)))
      ;; The server counts UTF-16 code units and the line has two emoji before the finding
      ;; (two characters for Emacs, four code units): a miscount shifts the range.
      (unless (and (= line expected-line) (equal text expected-text))
        (sendlint-test-fail "diagnostic on line %d slices %S, expected line %d slicing %S"
                            line text expected-line expected-text))
      ;; `M-x eglot-code-actions' over the finding, the fix picked from the offered actions.
      (let* ((offered nil)
             (completing-read-function
              (lambda (_prompt collection &rest _)
                (setq offered (all-completions "" collection))
                (or (car (member "Remove `checked`" offered))
                    (sendlint-test-fail "no `Remove `checked`' action in %S" offered))))
             (last-nonmenu-event ?\r))  ; from the keyboard, so a prompt rather than a menu
        (eglot-code-actions beg end nil t))
      (sendlint-test-end-command)
      ;; The server has checked the fixed text when it publishes its other findings without
      ;; this one; every check of the text before the fix has it.
      (unless (sendlint-test-wait (lambda ()
                                    (let ((codes (car sendlint-test-published)))
                                      (and codes
                                           (not (member "pre-ticked-consent" codes))
                                           (not (sendlint-test-find "pre-ticked-consent"))))))
        (sendlint-test-fail "the diagnostic did not go after the fix: the server last sent %S"
                            (car sendlint-test-published)))
      (let ((fixed (save-excursion
                     (goto-char (point-min))
                     (forward-line (1- expected-line))
                     (buffer-substring-no-properties (point) (line-end-position)))))
        (when (string-match-p (regexp-quote expected-text) fixed)
          (sendlint-test-fail "line %d still says %s: %s" expected-line expected-text fixed))
        (save-buffer)
        ;; jsonrpc deletes the process right after the `exit' notification, so stderr shows
        ;; `Server exited with status 9'; a server that did not answer `shutdown' fails here.
        (eglot-shutdown (eglot-current-server))
        (sendlint-test-finish 'ok (format "%d:%d" line column) (format "%S" fixed))))))

(condition-case error
    (sendlint-test-run)
  (error (sendlint-test-fail "%s" (error-message-string error))))

;;; emacs.el ends here
