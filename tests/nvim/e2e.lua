-- Driven by tests/nvim.rs in headless Neovim (0.7 or later): starts
-- `accordant lsp` with Neovim's own LSP client, opens a file of the example
-- repo, adds a second Accountable team to the buffer (unsaved), and writes the
-- diagnostics Neovim received to ACCORDANT_NVIM_OUT, one per line:
-- `code|line|message`.
local bin = os.getenv("ACCORDANT_BIN")
local root = os.getenv("ACCORDANT_ROOT")
local out = os.getenv("ACCORDANT_NVIM_OUT")

local function finish(lines)
  local f = assert(io.open(out, "w"))
  for _, l in ipairs(lines) do
    f:write(l, "\n")
  end
  f:close()
  vim.cmd("qa!")
end

vim.cmd("edit " .. vim.fn.fnameescape(root .. "/responsibilities/demand.yaml"))
local buf = vim.api.nvim_get_current_buf()
local id = vim.lsp.start_client({
  name = "accordant",
  cmd = { bin, "lsp", "--stdio", "--today", "2026-12-01" },
  root_dir = root,
})
if not id then
  finish({ "error|0|the client did not start" })
  return
end
vim.lsp.buf_attach_client(buf, id)

-- Wait for the handshake, so the edit reaches the server as a didChange.
local started = vim.wait(30000, function()
  local c = vim.lsp.get_client_by_id(id)
  return c ~= nil and c.initialized == true
end, 20)
if not started then
  finish({ "error|0|the server did not initialize" })
  return
end

local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
for i, l in ipairs(lines) do
  if l == "accountable: marketing" then
    vim.api.nvim_buf_set_lines(buf, i - 1, i, false, { "accountable: [marketing, sales]" })
    break
  end
end

local function code_of(d)
  if d.code then
    return tostring(d.code)
  end
  local lsp = d.user_data and d.user_data.lsp
  return lsp and tostring(lsp.code) or "?"
end

local found = vim.wait(30000, function()
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if code_of(d) == "C301" then
      return true
    end
  end
  return false
end, 20)

local report = {}
for _, d in ipairs(vim.diagnostic.get(buf)) do
  table.insert(report, string.format("%s|%d|%s", code_of(d), d.lnum + 1, (d.message:gsub("\n", " "))))
end
if not found then
  table.insert(report, "error|0|no C301 within 30 s")
end
finish(report)
