/**
 * The GPP string: IAB's header (`HeaderV1` of `@iabgpp/cmpapi`) and the sections that apply,
 * each encoded by IAB's own section class. This stands where the library's `GppModel` stands for
 * its commands (`ping`, `getSection`, `getField`, `hasSection`): `GppModel` names every section
 * IAB defines, so a bundle with it carries all of them (13.5 kB gzip); this one holds only the
 * sections the CMP loaded, and the drop-in loads only the ones a visitor's region needs.
 */
import { HeaderV1, type EncodableSection } from '@iabgpp/cmpapi';
import type { FieldValue } from './fields.js';

/** A section class of `@iabgpp/cmpapi` (`UsNat`, `UsCa`, `TcfEuV2`, …). */
export type SectionClass = new (encoded?: string) => EncodableSection;

/** A section of `Class` with these field values (fields it does not have are left out). */
export function section(Class: SectionClass, fields: Readonly<Record<string, FieldValue>>): EncodableSection {
  const s = new Class();
  for (const [f, v] of Object.entries(fields)) if (s.hasField(f)) s.setFieldValue(f, v);
  return s;
}

/** The GPP string of these sections: the header listing their ids, then each section, `~`-separated, in id order. */
export function encodeGpp(sections: readonly EncodableSection[]): string {
  const sorted = [...sections].sort((a, b) => a.getId() - b.getId());
  const header = new HeaderV1();
  header.setFieldValue('SectionIds', sorted.map((s) => s.getId()));
  return [header.encode(), ...sorted.map((s) => s.encode())].join('~');
}

/** What the library's commands read of a `GppModel`, over the sections set here. */
export class SectionModel {
  private readonly sections = new Map<string, EncodableSection>();
  private encoded = '';

  /** Replaces every section with these (an empty list: no section). */
  set(sections: readonly EncodableSection[]): void {
    this.sections.clear();
    for (const s of sections) this.sections.set(s.getName(), s);
    this.encoded = encodeGpp(sections);
  }
  encode(): string { return this.encoded; }
  getSectionIds(): number[] { return [...this.sections.values()].map((s) => s.getId()).sort((a, b) => a - b); }
  hasSection(name: string): boolean { return this.sections.has(name); }
  getSection(name: string): unknown { return this.sections.get(name)?.toObj() ?? null; }
  getFieldValue(name: string, field: string): unknown {
    const s = this.sections.get(name);
    return s?.hasField(field) ? s.getFieldValue(field) : null;
  }
  toObject(): Record<string, unknown> {
    return Object.fromEntries([...this.sections].map(([name, s]) => [name, s.toObj()]));
  }
}
