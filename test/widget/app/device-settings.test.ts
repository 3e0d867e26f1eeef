import assert from 'node:assert/strict';
import { signedIn, WidgetRig } from './fakes/widget-rig.js';
import { settle } from './settle.js';
import { MARIA_KEY } from './fakes/fake-auth-api.js';

describe('DeviceSettings', () => {
  it('lists microphones and speakers without the browser’s aliases or cameras', async () => {
    const rig = await signedIn();
    rig.app.actions.openSettings();
    await settle();
    const { devices, settingsOpen } = rig.app.state;
    assert.equal(settingsOpen, true);
    assert.deepEqual(devices.microphones, [{ id: 'mic-1', label: 'Headset microphone' }]);
    assert.deepEqual(devices.speakers, [{ id: 'spk-1', label: 'Headset earphones' }]);
    assert.equal(devices.canChooseSpeaker, true);
  });

  it('applies a choice to the phone and applies it again at the next sign-in', async () => {
    const rig = await signedIn();
    rig.app.actions.selectMicrophone('mic-1');
    rig.app.actions.selectSpeaker('spk-1');
    await settle();
    assert.deepEqual(rig.phone.microphones, ['mic-1']);
    assert.deepEqual(rig.phone.speakers, ['spk-1']);
    rig.app.actions.signOut();
    await settle();
    rig.app.actions.signInWithKey(MARIA_KEY);
    await settle();
    assert.deepEqual(rig.phone.microphones, ['mic-1', 'mic-1']);
    assert.equal(rig.app.state.devices.microphone, 'mic-1');
  });

  it('shows a call over the settings: a ringing call is never hidden behind them', async () => {
    const rig = new WidgetRig();
    await signedIn(rig);
    rig.app.actions.openSettings();
    rig.phone.ring('+14155552671');
    assert.equal(rig.app.state.settingsOpen, true);
    assert.equal(rig.app.state.calls[0]?.state, 'ringing');
  });
});
