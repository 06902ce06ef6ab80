// The File System Access API's pickers (Edge, Chrome), not in TypeScript's DOM library.
interface Window {
  showDirectoryPicker(options?: { mode?: 'read' | 'readwrite' }): Promise<FileSystemDirectoryHandle>;
  showSaveFilePicker(options?: { suggestedName?: string; types?: { description?: string; accept: Record<string, string[]> }[] }): Promise<FileSystemFileHandle>;
}
