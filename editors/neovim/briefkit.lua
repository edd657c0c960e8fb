-- briefkit's language server in Neovim 0.8+ (vim.lsp.start): diagnostics, quick fixes, hover
-- and completion for briefs (*.json) and briefkit.toml.
-- Copy this file to ~/.config/nvim/plugin/briefkit.lua (or require it from init.lua).
-- It needs `briefkit lsp` on PATH: pip install 'briefkit[lsp]'.
local briefkit = {
  name = "briefkit",
  cmd = { "briefkit", "lsp" },
  markers = { "briefkit.toml", "pyproject.toml", ".git" },
}

vim.api.nvim_create_autocmd("FileType", {
  pattern = { "json", "toml" },
  callback = function(args)
    local name = vim.api.nvim_buf_get_name(args.buf)
    if vim.bo[args.buf].filetype == "toml" and vim.fs.basename(name) ~= "briefkit.toml" then
      return
    end
    local found = vim.fs.find(briefkit.markers, { upward = true, path = vim.fs.dirname(name) })[1]
    vim.lsp.start({
      name = briefkit.name,
      cmd = briefkit.cmd,
      root_dir = found and vim.fs.dirname(found) or vim.fs.dirname(name),
    })
  end,
})
