-- The real-editor test: a headless Neovim with the plugin from editors/neovim opens a draft,
-- receives sendlint's diagnostics, checks their place, applies the code action through Neovim's
-- own edit code and sees the diagnostic go. Run by tests/suite/editors.rs.

local function fail(message)
  io.stderr:write("FAIL: " .. message .. "\n")
  vim.cmd("cquit 1")
end

local function find(rule)
  for _, diagnostic in ipairs(vim.diagnostic.get(0)) do
    if diagnostic.code == rule then
      return diagnostic
    end
  end
  return nil
end

vim.opt.runtimepath:append(os.getenv("SENDLINT_PLUGIN"))
vim.cmd("runtime! ftdetect/*.lua")
require("sendlint").setup({ cmd = { os.getenv("SENDLINT_BIN"), "lsp" } })
vim.cmd("edit " .. os.getenv("SENDLINT_FIXTURE"))

if not vim.wait(20000, function() return find("pre-ticked-consent") ~= nil end, 50) then
  fail("no pre-ticked-consent diagnostic arrived")
end
local diagnostic = find("pre-ticked-consent")
local expected_line = tonumber(os.getenv("SENDLINT_EXPECT_LINE"))
local expected_col = tonumber(os.getenv("SENDLINT_EXPECT_COL"))
if diagnostic.lnum ~= expected_line or diagnostic.col ~= expected_col then
  fail(string.format("diagnostic at %d:%d, expected %d:%d", diagnostic.lnum, diagnostic.col,
    expected_line, expected_col))
end

local client = vim.lsp.get_active_clients()[1]
local params = {
  textDocument = { uri = vim.uri_from_bufnr(0) },
  range = {
    start = { line = diagnostic.lnum, character = 0 },
    ["end"] = { line = diagnostic.lnum + 1, character = 0 },
  },
  context = { diagnostics = {} },
}
local response = client.request_sync("textDocument/codeAction", params, 10000, 0)
if not response or response.err then
  fail("codeAction failed: " .. vim.inspect(response))
end
local chosen = nil
for _, action in ipairs(response.result or {}) do
  if action.title == "Remove `checked`" then
    chosen = action
  end
end
if not chosen then
  fail("no `Remove checked` action in " .. vim.inspect(response.result))
end
vim.lsp.util.apply_workspace_edit(chosen.edit, client.offset_encoding)

if not vim.wait(20000, function() return find("pre-ticked-consent") == nil end, 50) then
  fail("the diagnostic is still there after the fix")
end
local line = vim.api.nvim_buf_get_lines(0, expected_line, expected_line + 1, false)[1]
if line:find("checked", 1, true) then
  fail("the line still says checked: " .. line)
end
io.stderr:write("OK\n")
vim.cmd("qall!")
