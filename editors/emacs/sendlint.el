;;; sendlint.el --- sendlint language server through eglot  -*- lexical-binding: t; -*-

;;; Commentary:
;; Starts `sendlint lsp' for HTML, Markdown, text and SMS drafts with eglot (Emacs 29, or
;; Emacs 28 with the elpa-eglot package).  Everything else comes from the server.

;;; Code:

(require 'eglot)

(defgroup sendlint nil
  "Direct-marketing law checks for drafts."
  :group 'tools)

(defcustom sendlint-command '("sendlint" "lsp")
  "The command that starts the sendlint language server."
  :type '(repeat string))

(defcustom sendlint-settings nil
  "Settings sent to the server: a plist such as (:jurisdiction \"nl,eu\" :lang \"nl\")."
  :type 'plist)

(define-derived-mode sendlint-sms-mode text-mode "SMS"
  "Mode for SMS drafts checked by sendlint.")

(add-to-list 'auto-mode-alist '("\\.sms\\'" . sendlint-sms-mode))

(define-derived-mode sendlint-text-mode text-mode "Draft"
  "Mode for plain-text drafts (SMS, WhatsApp, the text part of an e-mail) checked by sendlint.")

;; Eglot also matches modes derived from the ones listed, so `text-mode' itself is left out: it
;; would claim Org, LaTeX and reStructuredText buffers.  Open a `.txt' draft in
;; `sendlint-text-mode' (M-x sendlint-text-mode, or a file-local `mode:' line).
(add-to-list 'eglot-server-programs
             `(((html-mode :language-id "html")
                (markdown-mode :language-id "markdown")
                (sendlint-sms-mode :language-id "sms")
                (sendlint-text-mode :language-id "plaintext"))
               . ,(lambda (&rest _)
                    (append sendlint-command
                            (when sendlint-settings
                              (list :initializationOptions sendlint-settings))))))

(provide 'sendlint)
;;; sendlint.el ends here
