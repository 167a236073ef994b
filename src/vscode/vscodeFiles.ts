import * as vscode from 'vscode';
import type { FileLocation, FileRef, GroupsFileSource } from '../ui/port';

export const GROUPS_FILE_GLOB = '**/*.capillary-groups.json';
const MAX_FILES_LISTED = 200;

/**
 * Where a groups file the user edits lives: not the org written like one for a plan (read-only
 * documents), nor an old revision opened from source control, which Apply must never send.
 */
export const EDITABLE_SCHEMES = ['file', 'vscode-remote', 'untitled', 'vscode-vfs'];

export function isGroupsFileUri(uri: vscode.Uri): boolean {
  return EDITABLE_SCHEMES.includes(uri.scheme) && uri.path.endsWith('.capillary-groups.json');
}

export function fileRef(uri: vscode.Uri): FileRef {
  return {
    uri: uri.toString(),
    label: uri.scheme === 'file' || uri.scheme === 'vscode-remote' ? vscode.workspace.asRelativePath(uri) : uri.path,
  };
}

/** The workspace's groups files, read as their editors hold them. */
export class VSCodeGroupsFiles implements GroupsFileSource {
  active(): FileRef | undefined {
    const document = vscode.window.activeTextEditor?.document;
    return document && isGroupsFileUri(document.uri) ? fileRef(document.uri) : undefined;
  }

  open(): FileRef[] {
    const uris = new Map<string, vscode.Uri>();
    for (const tab of vscode.window.tabGroups.all.flatMap((group) => group.tabs)) {
      // A plan's diff shows the file on its right: that tab holds the file too.
      const uri =
        tab.input instanceof vscode.TabInputText
          ? tab.input.uri
          : tab.input instanceof vscode.TabInputTextDiff
            ? tab.input.modified
            : undefined;
      if (uri && isGroupsFileUri(uri)) uris.set(uri.toString(), uri);
    }
    return [...uris.values()].map(fileRef);
  }

  async find(): Promise<FileRef[]> {
    const uris = await vscode.workspace.findFiles(GROUPS_FILE_GLOB, '**/node_modules/**', MAX_FILES_LISTED);
    return uris.map(fileRef).sort((a, b) => a.label.localeCompare(b.label));
  }

  unsaved(uri: string): boolean {
    return vscode.workspace.textDocuments.some((document) => document.uri.toString() === uri && document.isDirty);
  }

  locate(uri: string): FileLocation | undefined {
    const parsed = vscode.Uri.parse(uri);
    if (parsed.scheme === 'untitled') return undefined;
    const folder = vscode.workspace.getWorkspaceFolder(parsed);
    const top = folder?.uri.path.replace(/\/+$/, '');
    if (folder && top !== undefined && parsed.path.startsWith(`${top}/`)) {
      return { path: parsed.path.slice(top.length + 1), folder: folder.uri.toString() };
    }
    return { path: parsed.scheme === 'file' ? parsed.fsPath : parsed.path };
  }

  async readInFolder(folder: string, name: string): Promise<string | undefined> {
    try {
      const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(vscode.Uri.parse(folder), name));
      return new TextDecoder().decode(bytes);
    } catch {
      return undefined;
    }
  }

  async read(uri: string): Promise<string> {
    // An open document's text, unsaved changes included: what the user sees is what is planned.
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
    return document.getText();
  }
}
