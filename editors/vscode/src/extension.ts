// Starts `accordant lsp` for the YAML files of a workspace holding
// accordant.yaml; the server does everything else (diagnostics, hover,
// definition, references, rename, completion, quick fixes).
import * as vscode from "vscode";
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
} from "vscode-languageclient/node";

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const config = vscode.workspace.getConfiguration("accordant");
  const command = config.get<string>("path") || "accordant";
  const args = ["lsp", "--stdio"];
  const today = config.get<string>("today");
  if (today) {
    args.push("--today", today);
  }
  const serverOptions: ServerOptions = { command, args };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: "file", language: "yaml" }],
    synchronize: {
      fileEvents: vscode.workspace.createFileSystemWatcher("**/*.{yaml,yml}"),
    },
  };
  client = new LanguageClient("accordant", "accordant", serverOptions, clientOptions);
  context.subscriptions.push(client);
  await client.start();
}

export async function deactivate(): Promise<void> {
  if (client) {
    await client.stop();
    client = undefined;
  }
}
