-- sendlint for Neovim: starts `sendlint lsp` for drafts and attaches it to their buffers.
-- Uses only vim.lsp.start_client, so it works from Neovim 0.7 on, with or without nvim-lspconfig.

local M = {}

M.config = {
  -- The command that starts the server; set the first item to a full path if sendlint is not
  -- on PATH.
  cmd = { "sendlint", "lsp" },
  filetypes = { "html", "markdown", "text", "sms" },
  -- Sent as initializationOptions and workspace/didChangeConfiguration:
  -- jurisdiction ("nl,eu" or { "nl", "eu" }), lang, esp, brand.
  settings = {},
}

local client_id = nil

local function start()
  if client_id and vim.lsp.get_client_by_id(client_id) then
    return client_id
  end
  client_id = vim.lsp.start_client({
    name = "sendlint",
    cmd = M.config.cmd,
    root_dir = vim.fn.getcwd(),
    init_options = M.config.settings,
    settings = { sendlint = M.config.settings },
  })
  return client_id
end

-- Attaches the server to a buffer (the current one when bufnr is nil).
function M.attach(bufnr)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  local id = start()
  if id then
    vim.lsp.buf_attach_client(bufnr, id)
  end
end

function M.setup(options)
  M.config = vim.tbl_deep_extend("force", M.config, options or {})
  local group = vim.api.nvim_create_augroup("sendlint", { clear = true })
  vim.api.nvim_create_autocmd("FileType", {
    group = group,
    pattern = M.config.filetypes,
    callback = function(event)
      M.attach(event.buf)
    end,
  })
end

return M
