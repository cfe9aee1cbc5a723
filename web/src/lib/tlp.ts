import type { Tlp } from '../api/types';

export const TLP_LEVELS: readonly Tlp[] = ['clear', 'green', 'amber', 'amber+strict', 'red'];

/** The FIRST TLP 2.0 label text: `TLP:RED`, `TLP:AMBER+STRICT`, … */
export function tlpText(tlp: string): string {
  return `TLP:${tlp.toUpperCase()}`;
}

/** The CSS class carrying the label's official colour. */
export function tlpClass(tlp: string): string {
  return TLP_LEVELS.includes(tlp as Tlp) ? `tlp-${tlp.replace('+', '-')}` : 'tlp-unknown';
}

/** The official TLP 2.0 marking-definition ids (STIX), for readable object_marking_refs. */
export const TLP_MARKINGS: Readonly<Record<string, string>> = {
  'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487': 'clear',
  'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb': 'green',
  'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421': 'amber',
  'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003': 'amber+strict',
  'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1': 'red',
  // TLP 1.0
  'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9': 'clear',
  'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da': 'green',
  'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82': 'amber',
  'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed': 'red',
};
