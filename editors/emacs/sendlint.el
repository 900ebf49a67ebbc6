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

(add-to-list 'eglot-server-programs
             `((html-mode mhtml-mode markdown-mode gfm-mode text-mode sendlint-sms-mode)
               . ,(lambda (&rest _)
                    (append sendlint-command
                            (when sendlint-settings
                              (list :initializationOptions sendlint-settings))))))

(provide 'sendlint)
;;; sendlint.el ends here
