/**
 * The rear camera: start, stop, torch and switch, and a frame loop that hands one frame at a time
 * to the decode worker (never more than one in flight, so a slow decoder lowers the frame rate
 * instead of queueing frames).
 */
import { decodeBitmap, preloadDecoders } from './decoder';
import type { QrRead } from './ladder';

/** Why the camera could not start; each has its own message and the other ways in stay open. */
export type CameraProblem = 'insecure' | 'denied' | 'missing' | 'failed';

export class CameraError extends Error {
  constructor(readonly problem: CameraProblem) {
    super(`camera ${problem}`);
    this.name = 'CameraError';
  }
}

/** Frames wider than this are scaled down before decoding: a QR filling the aim frame stays large. */
const MAX_FRAME_WIDTH = 1280;
/** Pause between frames, so that scanning leaves the shared CPU and the battery some rest. */
const FRAME_GAP_MS = 60;

export interface CameraSession {
  readonly torchAvailable: boolean;
  readonly canSwitch: boolean;
  setTorch(on: boolean): Promise<boolean>;
  switchCamera(): Promise<void>;
  stop(): void;
}

/**
 * Opens the camera into `video` and calls `onRead` with the first QR text found.
 *
 * @example
 * const session = await startCamera(video, (read) => show(read.text));
 * session.stop();
 */
export async function startCamera(
  video: HTMLVideoElement,
  onRead: (read: QrRead) => void,
): Promise<CameraSession> {
  if (!window.isSecureContext) throw new CameraError('insecure');
  if (!navigator.mediaDevices?.getUserMedia) throw new CameraError('missing');
  // zxing (the main rung) loads while the user answers the permission prompt.
  preloadDecoders();

  let facing: 'environment' | 'user' = 'environment';
  let stream = await open(facing);
  let stopped = false;
  let loopTimer: number | undefined;

  const attach = async (next: MediaStream) => {
    video.srcObject = next;
    await video.play().catch(() => undefined);
  };
  await attach(stream);

  const loop = async () => {
    if (stopped) return;
    if (video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA && video.videoWidth > 0) {
      const scale = Math.min(1, MAX_FRAME_WIDTH / video.videoWidth);
      const bitmap = await createImageBitmap(video, {
        resizeWidth: Math.round(video.videoWidth * scale),
        resizeHeight: Math.round(video.videoHeight * scale),
      }).catch(() => null);
      const read = bitmap ? await decodeBitmap(bitmap, 'camera') : null;
      if (stopped) return;
      if (read) {
        onRead(read);
        return;
      }
    }
    loopTimer = window.setTimeout(() => void loop(), FRAME_GAP_MS);
  };
  void loop();

  const devices = await navigator.mediaDevices.enumerateDevices().catch(() => []);
  const videoInputs = devices.filter((d) => d.kind === 'videoinput').length;

  return {
    get torchAvailable() {
      const track = stream.getVideoTracks()[0];
      const caps = track?.getCapabilities?.() as { torch?: boolean } | undefined;
      return caps?.torch === true;
    },
    canSwitch: videoInputs > 1,
    async setTorch(on: boolean) {
      const track = stream.getVideoTracks()[0];
      if (!track) return false;
      try {
        await track.applyConstraints({ advanced: [{ torch: on } as MediaTrackConstraintSet] });
        return true;
      } catch {
        return false;
      }
    },
    async switchCamera() {
      facing = facing === 'environment' ? 'user' : 'environment';
      stopTracks(stream);
      stream = await open(facing);
      await attach(stream);
    },
    stop() {
      stopped = true;
      window.clearTimeout(loopTimer);
      stopTracks(stream);
      video.srcObject = null;
    },
  };
}

async function open(facing: 'environment' | 'user'): Promise<MediaStream> {
  try {
    return await navigator.mediaDevices.getUserMedia({
      audio: false,
      video: { facingMode: { ideal: facing }, width: { ideal: 1280 }, height: { ideal: 720 } },
    });
  } catch (err) {
    const name = err instanceof DOMException ? err.name : '';
    if (name === 'NotAllowedError' || name === 'SecurityError') throw new CameraError('denied');
    if (name === 'NotFoundError' || name === 'OverconstrainedError') {
      throw new CameraError('missing');
    }
    throw new CameraError('failed');
  }
}

function stopTracks(stream: MediaStream): void {
  for (const track of stream.getTracks()) track.stop();
}
