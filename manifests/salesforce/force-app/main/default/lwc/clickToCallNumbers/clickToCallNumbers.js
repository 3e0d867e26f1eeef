import { LightningElement, api } from 'lwc';
import { fetchRecordNumbers, formatLabel, isSignInNeeded, numberVerdict, signIn } from 'c/clickToCallHelpers';
import HEADING from '@salesforce/label/c.ClickToCall_NumbersHeading';
import LOADING from '@salesforce/label/c.ClickToCall_NumbersLoading';
import LOAD_FAILED from '@salesforce/label/c.ClickToCall_NumbersError';
import NO_NUMBERS from '@salesforce/label/c.ClickToCall_NoNumbers';
import SIGN_IN from '@salesforce/label/c.ClickToCall_SignInButton';
import SIGN_IN_FAILED from '@salesforce/label/c.ClickToCall_SignInError';
import SIGN_IN_NEEDED from '@salesforce/label/c.ClickToCall_SignInNeeded';
import SIGNING_IN from '@salesforce/label/c.ClickToCall_SigningIn';

/**
 * The record's phone numbers with the connector's verdict beside each; the dialable ones through Open CTI's
 * click-to-dial. Loads again when the record page shows another record. The connector answers only a signed-in
 * agent: without a session (or once the connector ends it) the component offers a sign-in button, whose popup signs
 * the agent in with Salesforce once per browser tab.
 */
export default class ClickToCallNumbers extends LightningElement {
    @api objectApiName;
    numbers = [];
    errorText;
    loading = true;
    needsSignIn = false;
    signingIn = false;
    labels = { heading: HEADING, loading: LOADING, noNumbers: NO_NUMBERS, signIn: SIGN_IN };
    currentRecordId;
    connected = false;
    latestRequest = 0;

    @api
    get recordId() {
        return this.currentRecordId;
    }
    set recordId(value) {
        this.currentRecordId = value;
        if (this.connected) {
            this.load();
        }
    }

    connectedCallback() {
        this.connected = true;
        this.load();
    }

    disconnectedCallback() {
        this.connected = false;
    }

    get hasNumbers() {
        return this.numbers.length > 0;
    }

    get signInText() {
        return this.signingIn ? SIGNING_IN : SIGN_IN_NEEDED;
    }

    async handleSignIn() {
        this.signingIn = true;
        this.errorText = undefined;
        // Called before any await: the browser lets a popup open only from the click itself.
        const signedIn = signIn();
        try {
            await signedIn;
        } catch (error) {
            this.errorText = formatLabel(SIGN_IN_FAILED, error.message);
            return;
        } finally {
            this.signingIn = false;
        }
        this.needsSignIn = false;
        await this.load();
    }

    async load() {
        const request = ++this.latestRequest;
        if (!this.currentRecordId || !this.objectApiName) {
            // No record to read (the Lightning App Builder's preview): nothing to load, nothing to report.
            this.numbers = [];
            this.errorText = undefined;
            this.needsSignIn = false;
            this.loading = false;
            return;
        }
        this.loading = true;
        try {
            const answer = await fetchRecordNumbers(this.objectApiName, this.currentRecordId);
            if (request === this.latestRequest) {
                this.numbers = answer.numbers.map(toView);
                this.errorText = undefined;
                this.needsSignIn = false;
            }
        } catch (error) {
            if (request === this.latestRequest) {
                this.needsSignIn = isSignInNeeded(error);
                this.errorText = this.needsSignIn ? undefined : formatLabel(LOAD_FAILED, error.message);
            }
        } finally {
            if (request === this.latestRequest) {
                this.loading = false;
            }
        }
    }
}

function toView(entry) {
    const verdict = numberVerdict(entry);
    return {
        field: entry.field,
        label: entry.label,
        value: entry.value,
        dialable: verdict.dialable,
        verdict: verdict.text,
        detail: verdict.detail,
        badgeClass: `verdict slds-m-left_x-small slds-theme_${verdict.tone}`
    };
}
