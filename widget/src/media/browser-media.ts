import type { MediaPort } from '../phone/media-port.js';

/**
 * Audio in a browser tab: the microphone opened once and kept (fast dialling; calls get clones of its track), and
 * remote audio played through one hidden `<audio>` element per call, routed to the chosen speaker.
 */
export class BrowserMedia implements MediaPort {
  private microphone: MediaStream | null = null;
  private opening: Promise<MediaStream> | null = null;
  private microphoneId: string | null = null;
  private speakerId: string | null = null;
  private readonly players = new Map<string, HTMLAudioElement>();

  constructor(private readonly doc: Document = document) {}

  async prepare(): Promise<void> {
    await this.open();
  }

  async microphoneStream(): Promise<MediaStream> {
    const source = await this.open();
    return source.clone();
  }

  async setMicrophone(deviceId: string | null): Promise<void> {
    this.microphoneId = deviceId;
    const previous = this.microphone;
    this.microphone = null;
    this.opening = null;
    await this.open();
    previous?.getTracks().forEach((t) => t.stop());
  }

  async setSpeaker(deviceId: string | null): Promise<void> {
    this.speakerId = deviceId;
    await Promise.all([...this.players.values()].map((player) => this.route(player)));
  }

  attachRemote(callId: string, stream: MediaStream | null): void {
    let player = this.players.get(callId);
    if (!stream) {
      if (player) {
        player.srcObject = null;
        player.remove();
        this.players.delete(callId);
      }
      return;
    }
    if (!player) {
      player = this.doc.createElement('audio');
      player.autoplay = true;
      player.hidden = true;
      this.doc.body.append(player);
      this.players.set(callId, player);
    }
    player.srcObject = stream;
    void this.route(player);
    void player.play().catch(() => undefined);
  }

  close(): void {
    for (const id of [...this.players.keys()]) this.attachRemote(id, null);
    this.microphone?.getTracks().forEach((t) => t.stop());
    this.microphone = null;
    this.opening = null;
  }

  private open(): Promise<MediaStream> {
    if (this.microphone) return Promise.resolve(this.microphone);
    this.opening ??= navigator.mediaDevices
      .getUserMedia({
        audio: { ...(this.microphoneId ? { deviceId: { exact: this.microphoneId } } : {}), echoCancellation: true, noiseSuppression: true, autoGainControl: true },
        video: false,
      })
      .then(
        (stream) => (this.microphone = stream),
        (error: unknown) => {
          this.opening = null;
          throw error;
        },
      );
    return this.opening;
  }

  private async route(player: HTMLAudioElement): Promise<void> {
    const sinkable = player as HTMLAudioElement & { setSinkId?: (id: string) => Promise<void> };
    if (sinkable.setSinkId) await sinkable.setSinkId(this.speakerId ?? '').catch(() => undefined);
  }
}
