/**
 * The phone's access to audio devices, so the core stays free of the DOM and Node tests can run it without a browser.
 *
 * Contract:
 * - `prepare` SHOULD acquire the microphone ahead of the first call (fast dialling) and MUST reject with the
 *   getUserMedia error when it cannot (its `name` is kept: `NotAllowedError`, `NotFoundError`).
 * - `microphoneStream` MUST resolve at once once prepared: a new stream over the prepared microphone, for one call.
 * - `attachRemote` plays a call's remote audio; `null` stops it.
 */
export interface MediaPort {
  prepare(): Promise<void>;
  microphoneStream(): Promise<MediaStream>;
  setMicrophone(deviceId: string | null): Promise<void>;
  setSpeaker(deviceId: string | null): Promise<void>;
  attachRemote(callId: string, stream: MediaStream | null): void;
  close(): void;
}
