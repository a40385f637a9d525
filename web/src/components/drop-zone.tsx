/**
 * A place to drop image files or pick them with a file input, highlighted while files are dragged over it.
 * @module
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';

/** Props of {@link DropZone}. */
export interface DropZoneProps {
  /** Receives the dropped or picked files (null when the browser gave none). */
  onFiles: (files: FileList | null) => void;
  /** Whether the file input takes several files. */
  multiple?: boolean;
  /** The file input's form name. */
  name?: string;
  /** The prompt before the file input, e.g. "Drop images here, or". */
  children: ComponentChildren;
}

/** A dashed drop target around a file input for images. */
export function DropZone({ onFiles, multiple = false, name, children }: DropZoneProps) {
  const [over, setOver] = useState(false);
  return (
    <label class={`drop ${over ? 'over' : ''}`}
      onDragOver={(e) => { e.preventDefault(); setOver(true); }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => { e.preventDefault(); setOver(false); onFiles(e.dataTransfer?.files ?? null); }}>
      {children} <input type="file" name={name} accept="image/*" multiple={multiple} onChange={(e) => onFiles((e.target as HTMLInputElement).files)} />
    </label>
  );
}
