// sendlint for VS Code: starts `sendlint lsp` for HTML, Markdown, plain-text and SMS drafts.
// All the checking, fixes and hover text come from the server.

import * as vscode from "vscode";
import { LanguageClient, LanguageClientOptions, ServerOptions } from "vscode-languageclient/node";

let client: LanguageClient | undefined;

function settings(): Record<string, string> {
  const config = vscode.workspace.getConfiguration("sendlint");
  return {
    jurisdiction: config.get<string>("jurisdiction", ""),
    lang: config.get<string>("lang", ""),
    esp: config.get<string>("esp", ""),
  };
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const command = vscode.workspace.getConfiguration("sendlint").get<string>("path", "sendlint");
  const serverOptions: ServerOptions = { command, args: ["lsp"] };
  const clientOptions: LanguageClientOptions = {
    documentSelector: ["html", "markdown", "plaintext", "sms"].map((language) => ({ language })),
    initializationOptions: settings(),
    synchronize: { configurationSection: "sendlint" },
  };
  client = new LanguageClient("sendlint", "sendlint", serverOptions, clientOptions);
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration("sendlint.path") && client) {
        await client.stop();
        await activate(context);
      }
    }),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  if (client) {
    await client.stop();
  }
}
