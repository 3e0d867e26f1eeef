import { button, h, uniqueId } from './dom.js';
import type { View } from './view.js';
import type { DeviceChoice, WidgetActions, WidgetState } from './widget-state.js';

/** Microphone and speaker choice; the browser names devices only once the microphone was allowed. */
export function deviceSettingsView(doc: Document, actions: WidgetActions): View {
  const micId = uniqueId('mic');
  const speakerId = uniqueId('speaker');
  const mic = h(doc, 'select', { class: 'c2c-input', attrs: { id: micId } });
  const speaker = h(doc, 'select', { class: 'c2c-input', attrs: { id: speakerId } });
  const speakerNote = h(doc, 'p', { class: 'c2c-hint', text: 'This browser plays calls on its default speaker only.' });
  const done = button(doc, 'Done', () => actions.closeSettings(), { class: 'c2c-primary' });
  mic.addEventListener('change', () => actions.selectMicrophone(mic.value === '' ? null : mic.value));
  speaker.addEventListener('change', () => actions.selectSpeaker(speaker.value === '' ? null : speaker.value));
  let shownMics: readonly DeviceChoice[] | null = null;
  let shownSpeakers: readonly DeviceChoice[] | null = null;

  function fill(select: HTMLSelectElement, devices: readonly DeviceChoice[], selected: string | null): void {
    select.replaceChildren(
      h(doc, 'option', { text: 'System default', attrs: { value: '' } }),
      ...devices.map((d, i) => h(doc, 'option', { text: d.label || `Device ${i + 1}`, attrs: { value: d.id } })),
    );
    select.value = selected ?? '';
  }

  return {
    root: h(
      doc,
      'section',
      { class: 'c2c-screen c2c-settings', attrs: { 'aria-label': 'Audio devices' } },
      h(doc, 'h2', { class: 'c2c-title', text: 'Audio devices' }),
      h(doc, 'label', { class: 'c2c-label', text: 'Microphone', attrs: { for: micId } }),
      mic,
      h(doc, 'label', { class: 'c2c-label', text: 'Speaker', attrs: { for: speakerId } }),
      speaker,
      speakerNote,
      done,
    ),
    update(state: WidgetState) {
      const d = state.devices;
      if (shownMics !== d.microphones) {
        shownMics = d.microphones;
        fill(mic, d.microphones, d.microphone);
      } else if (mic.value !== (d.microphone ?? '')) mic.value = d.microphone ?? '';
      if (shownSpeakers !== d.speakers) {
        shownSpeakers = d.speakers;
        fill(speaker, d.speakers, d.speaker);
      } else if (speaker.value !== (d.speaker ?? '')) speaker.value = d.speaker ?? '';
      speaker.disabled = !d.canChooseSpeaker;
      speakerNote.hidden = d.canChooseSpeaker;
    },
    focusTarget: () => mic,
  };
}
