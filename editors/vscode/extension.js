// briefkit's language server in VS Code: starts the command in the `briefkit.command` setting
// (default `briefkit lsp`) for briefs (*.json) and briefkit.toml.
"use strict";

const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const [command, ...args] = vscode.workspace
    .getConfiguration("briefkit")
    .get("command", ["briefkit", "lsp"]);
  client = new LanguageClient(
    "briefkit",
    "briefkit",
    { command, args },
    {
      documentSelector: [
        { scheme: "file", language: "json" },
        { scheme: "file", pattern: "**/briefkit.toml" },
      ],
    },
  );
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
