-- SMS drafts: plain text that sendlint checks as a text message.
vim.api.nvim_create_autocmd({ "BufRead", "BufNewFile" }, {
  pattern = "*.sms",
  callback = function()
    vim.bo.filetype = "sms"
  end,
})
