package io.aftermath.app.demo;

import static io.aftermath.shared.release.Channel.EMAIL;
import static io.aftermath.shared.release.Channel.IN_APP;
import static io.aftermath.shared.release.Channel.STATUS_PAGE;
import static io.aftermath.shared.release.UserUpdateStatus.IDENTIFIED;
import static io.aftermath.shared.release.UserUpdateStatus.INVESTIGATING;
import static io.aftermath.shared.release.UserUpdateStatus.MONITORING;
import static io.aftermath.shared.release.UserUpdateStatus.RESOLVED;
import static io.aftermath.shared.ticket.Resolution.DOCUMENTED;
import static io.aftermath.shared.ticket.Resolution.FIXED;
import static io.aftermath.shared.ticket.Resolution.HOTFIXED;
import static io.aftermath.shared.ticket.Resolution.WONT_FIX;
import static io.aftermath.shared.ticket.Resolution.WORKS_AS_DESIGNED;
import static io.aftermath.shared.ticket.Severity.S1;
import static io.aftermath.shared.ticket.Severity.S2;
import static io.aftermath.shared.ticket.Severity.S3;
import static io.aftermath.shared.ticket.Severity.S4;
import static io.aftermath.shared.ticket.Urgency.HIGH;
import static io.aftermath.shared.ticket.Urgency.LOW;
import static io.aftermath.shared.ticket.Urgency.MEDIUM;

import java.time.LocalDate;
import java.util.List;

/**
 * A difficult release, told by the people in it. checkout 2.4.0 goes out at 08:00 UTC on Tuesday
 * 17 November 2026 with an upgraded payment SDK that silently drops tuned client settings: card
 * payments fail, the main ticket collects seven duplicates, hotfix 2.4.1 restores payments, six
 * reports turn out to be deliberate changes nobody announced, and hotfix 2.4.2 brings an address bug
 * back (a regression). The retrospective on Thursday records three lessons and seven action items and
 * is closed; some items are completed in the following days, the rest stay open. A few tickets stay
 * open too, so the triage queue has something in it.
 * <p>
 * The date is fixed rather than "today", so every run tells the same story with the same ids.
 */
final class CheckoutReleaseStory {

    static final String PREFIX = "demo-checkout-240";
    static final String SERVICE = "checkout";
    static final String VERSION = "2.4.0";
    static final LocalDate DAY = LocalDate.of(2026, 11, 17);

    // The cast; customers report through the in-app feedback form under their account ids.
    static final String RELEASE_MANAGER = "priya.raman";
    static final String ON_CALL = "dana.okafor";
    static final String PAYMENTS_ENGINEER = "luis.ortega";
    static final String INCIDENT_LEAD = "sam.whitfield";
    static final String COMMS = "noor.haddad";
    static final String SUPPORT = "maya.lindqvist";
    static final String SUPPORT_2 = "tom.becker";
    static final String FRONTEND_ENGINEER = "ines.moreau";
    static final String BACKEND_ENGINEER = "kenji.watanabe";
    static final String PRODUCT_MANAGER = "ava.brooks";

    private static final String IN_APP_FORM = "in-app";
    private static final String SUPPORT_DESK = "support";
    private static final String ALERTING = "alerting";

    private CheckoutReleaseStory() {
    }

    static List<DemoStep> steps() {
        return steps(PREFIX, SERVICE);
    }

    /** The same story for another service, under other ids: for tests that must not meet the real demo. */
    static List<DemoStep> steps(String prefix, String service) {
        Story story = new Story(prefix, service, VERSION, DAY);
        morning(story);
        hotfix(story);
        afternoon(story);
        retrospective(story);
        return story.steps();
    }

    private static void morning(Story story) {
        story.at("08:00").release(RELEASE_MANAGER, VERSION, null, "One-page checkout redesign; payment provider "
                        + "SDK upgraded from 4.8 to 5.1; saved-cards wallet with card re-confirmation; address "
                        + "autocomplete; voucher field moved behind 'Have a code?'.")
                .at("08:18").report(1, "customer-20417", IN_APP_FORM, "payments",
                        "Payment keeps spinning, then 'Something went wrong'",
                        "Tried three times to pay for order A-88213 with my Visa card. The button spins for a long "
                                + "time and then says something went wrong.")
                .at("08:24").report(2, ON_CALL, ALERTING, "payments",
                        "Card authorisations failing: 502s and timeouts from payment-service since 2.4.0",
                        "PaymentAuthSuccessRate fired at 08:21: 61% of card authorisations succeed (normally 99.6%). "
                                + "payment-service answers /authorize with 502 after about 2 s; p99 latency 9.8 s. "
                                + "Began about 15 minutes after 2.4.0 reached 100% of traffic.")
                .at("08:27").prioritise(2, INCIDENT_LEAD, S1, HIGH,
                        "Card payments fail for about 40% of attempts: direct revenue loss, no workaround for cards")
                .at("08:28").assign(2, INCIDENT_LEAD, PAYMENTS_ENGINEER)
                .at("08:31").report(3, SUPPORT, SUPPORT_DESK, "payments",
                        "Many customers cannot complete card payments",
                        "Since about 08:15: 23 chats and 9 calls about failed card payments. Customers wait a long "
                                + "time, then see 'Something went wrong'. PayPal seems to work.")
                .at("08:33").report(4, "customer-31882", IN_APP_FORM, "payments", "Charged but no order?",
                        "My banking app shows a pending payment of 64.90 EUR, but the shop says the payment failed "
                                + "and I got no order confirmation.")
                .at("08:36").duplicate(1, INCIDENT_LEAD, 2)
                .at("08:37").duplicate(3, INCIDENT_LEAD, 2)
                .at("08:38").duplicate(4, INCIDENT_LEAD, 2)
                .at("08:45").update(COMMS, INVESTIGATING, STATUS_PAGE, "Some card payments are failing at checkout. "
                        + "PayPal is not affected. We are investigating and will update within 30 minutes.", 2)
                .at("08:47").update(COMMS, INVESTIGATING, IN_APP, "Trouble paying by card? We are on it. "
                        + "PayPal works in the meantime.", 2)
                .at("08:52").report(5, "customer-40553", IN_APP_FORM, "checkout-ui", "Voucher field is gone",
                        "I have a 15% voucher from your newsletter but there is nowhere to enter it on the new "
                                + "checkout page.")
                .at("09:02").report(6, SUPPORT_2, SUPPORT_DESK, "payments",
                        "Visa and Mastercard payments fail with PSP_TIMEOUT",
                        "The support console shows PSP_TIMEOUT for the failed payments, Visa and Mastercard alike. "
                                + "Mostly desktop web.")
                .at("09:05").duplicate(6, INCIDENT_LEAD, 2)
                .at("09:10").report(7, "customer-51290", IN_APP_FORM, "wallet", "My saved card disappeared",
                        "My card was saved and now checkout asks me to enter it again. Did you delete my card?")
                .at("09:14").report(8, ON_CALL, ALERTING, "payments",
                        "payment-service PSP connection pool exhausted (10 of 10 in use)",
                        "Thread dumps: every request thread waits for a PSP client connection; the pool maximum is 10. "
                                + "Before 2.4.0 psp.client.pool.max was 200.")
                .at("09:16").duplicate(8, INCIDENT_LEAD, 2)
                .at("09:35").update(COMMS, IDENTIFIED, STATUS_PAGE, "We have identified the cause of the failing card "
                        + "payments: a configuration change in this morning's release. A fix is being prepared.", 2)
                .at("09:38").report(9, "customer-66014", IN_APP_FORM, "checkout-ui", "Cannot click 'Place order'",
                        "The Place order button is grey and nothing happens when I click it.")
                .at("09:44").report(10, SUPPORT, SUPPORT_DESK, "address",
                        "Address autocomplete suggests addresses in other countries",
                        "Customers in Austria and Switzerland get German street suggestions first; several picked one "
                                + "and their orders carry a German postcode.")
                .at("09:50").prioritise(10, INCIDENT_LEAD, S3, MEDIUM,
                        "Typing the address by hand works, but wrong addresses reach the warehouse")
                .at("09:51").assign(10, INCIDENT_LEAD, FRONTEND_ENGINEER)
                .at("09:58").report(11, "customer-72239", IN_APP_FORM, "payments", "No Apple Pay button on Firefox",
                        "I always pay with Apple Pay. On Firefox the button is not there.")
                .at("10:05").report(12, ON_CALL, ALERTING, "notifications",
                        "Order confirmation emails delayed by more than 30 minutes",
                        "email-dispatcher queue depth 48k and growing: payment retries enqueue confirmation jobs "
                                + "again.")
                .at("10:07").prioritise(12, INCIDENT_LEAD, S3, MEDIUM, "Emails arrive late, but they arrive")
                .at("10:12").report(13, SUPPORT_2, SUPPORT_DESK, "payments",
                        "'Card declined' although the bank shows no attempt",
                        "Three customers forwarded bank statements: no authorisation attempt, yet checkout said "
                                + "'card declined'.")
                .at("10:14").duplicate(13, INCIDENT_LEAD, 2)
                .at("10:20").report(14, "customer-80561", IN_APP_FORM, "pricing",
                        "Swiss franc prices written as '49.90 CHF'",
                        "Prices in CHF show the currency after the amount; it used to be 'CHF 49.90'.")
                .at("10:22").prioritise(14, INCIDENT_LEAD, S4, LOW,
                        "Cosmetic: the formatting follows the locale default");
    }

    private static void hotfix(Story story) {
        story.at("10:40").release(RELEASE_MANAGER, "2.4.1", VERSION, "Hotfix: PSP client pool (200) and timeout "
                        + "(8 s) set under the SDK 5 configuration keys, retries with jitter; address autocomplete "
                        + "biased to the shopper's country.")
                .at("10:48").update(COMMS, MONITORING, STATUS_PAGE, "A fix was deployed at 10:40 UTC and card payments "
                        + "are succeeding again. We are monitoring.", 2)
                .at("10:55").report(15, "customer-93307", IN_APP_FORM, "payments",
                        "Payment failed at 10:30, will I be charged?",
                        "My card payment failed at about 10:30. Will the amount be taken anyway?")
                .at("11:00").duplicate(15, INCIDENT_LEAD, 2)
                .at("11:20").resolve(2, PAYMENTS_ENGINEER, HOTFIXED, "2.4.1", "SDK 5 ignored the psp.client.* settings "
                        + "and fell back to 10 connections and a 2 s timeout. 2.4.1 sets them under the new keys; "
                        + "authorisation success back at 99.7% since 10:44.")
                .at("11:25").resolve(10, FRONTEND_ENGINEER, FIXED, "2.4.1", "Autocomplete requests pass the shopper's "
                        + "country; other countries only on explicit search.")
                .at("11:30").resolve(5, PRODUCT_MANAGER, DOCUMENTED, null, "The voucher field moved behind the "
                        + "'Have a code?' link under the order total. The help article 'Using vouchers' now shows it; "
                        + "support has a macro.")
                .at("11:32").resolve(7, PRODUCT_MANAGER, WORKS_AS_DESIGNED, null, "Cards saved before 2.4.0 are "
                        + "confirmed once with their security code (strong customer authentication) and then shown "
                        + "again. Nothing was deleted.")
                .at("11:34").resolve(9, PRODUCT_MANAGER, WORKS_AS_DESIGNED, null, "'Place order' stays disabled until "
                        + "the terms are accepted, as required. The checkbox sits right above the button.")
                .at("11:36").resolve(11, PRODUCT_MANAGER, WORKS_AS_DESIGNED, null, "Apple Pay on the web is only "
                        + "offered in Safari on Apple devices; Firefox never showed it.")
                .at("11:45").update(COMMS, RESOLVED, STATUS_PAGE, "Card payments have worked normally since 10:40 "
                        + "UTC. Failed attempts were not charged; banks release pending authorisations within a few "
                        + "days.", 2)
                .at("11:47").update(COMMS, RESOLVED, EMAIL, "To the 1,240 customers whose card payment failed between "
                        + "08:05 and 10:40 UTC: what happened, that they were not charged, and a 10% voucher.", 2)
                .at("12:05").resolve(12, BACKEND_ENGINEER, FIXED, "2.4.1", "The backlog drained by 11:50 once 2.4.1 "
                        + "stopped the payment retries; no email was lost.");
    }

    private static void afternoon(Story story) {
        story.at("12:15").report(16, SUPPORT, SUPPORT_DESK, "payments", "Split payment (gift card + card) fails",
                        "Customers paying part with a gift card and the rest by card get 'Payment could not be "
                                + "completed', but the gift card is debited.")
                .at("12:18").prioritise(16, INCIDENT_LEAD, S2, HIGH,
                        "Gift card balances debited without an order, on every split payment")
                .at("12:19").assign(16, INCIDENT_LEAD, BACKEND_ENGINEER)
                .at("12:40").report(17, "customer-20417", IN_APP_FORM, "checkout-ui",
                        "Checkout page cut off on iPad in landscape",
                        "On my iPad in landscape the order summary is cut off on the right and I cannot see the total.")
                .at("12:44").prioritise(17, INCIDENT_LEAD, S3, MEDIUM, "Portrait works; tablets are 8% of checkouts")
                .at("12:45").assign(17, INCIDENT_LEAD, FRONTEND_ENGINEER)
                .at("13:10").report(18, ON_CALL, ALERTING, "mobile",
                        "Retry storm from iOS app 7.2 after payment errors",
                        "iOS 7.2 retries a failed payment call five times without back-off; at 09:00 30% of "
                                + "payment-service traffic was retries.")
                .at("13:12").prioritise(18, INCIDENT_LEAD, S3, LOW, "Contained by the server-side rate limit")
                .at("13:20").report(19, SUPPORT_2, SUPPORT_DESK, "invoicing",
                        "Invoice PDF lacks the VAT ID of business customers",
                        "Business customers need their VAT ID on the invoice to deduct VAT; since this morning the "
                                + "field is empty.")
                .at("13:22").prioritise(19, INCIDENT_LEAD, S2, MEDIUM, "Business customers cannot book their invoices")
                .at("13:23").assign(19, INCIDENT_LEAD, BACKEND_ENGINEER)
                .at("13:30").report(20, "customer-31882", IN_APP_FORM, "wallet", "How do I delete a saved card?",
                        "There is no button to remove my old card in checkout any more.")
                .at("13:40").resolve(18, ON_CALL, WONT_FIX, null, "iOS 7.3, with back-off and jitter, replaces 7.2 in "
                        + "the App Store this week; the rate limit covers the rest.")
                .at("14:05").report(21, "customer-66014", IN_APP_FORM, "payments", "A 1 EUR charge on my statement",
                        "After saving my card I see a 1 EUR charge from you that I did not order.")
                .at("14:20").resolve(20, PRODUCT_MANAGER, DOCUMENTED, null, "Saved cards are managed under Account > "
                        + "Payment methods, not in checkout; the help article 'Managing saved cards' is published.")
                .at("14:22").resolve(21, PRODUCT_MANAGER, WORKS_AS_DESIGNED, null, "Saving a card places a 1 EUR "
                        + "verification hold that the bank releases; the wallet screen says so.")
                .at("14:50").release(RELEASE_MANAGER, "2.4.2", VERSION, "Hotfix: split payments with gift cards; "
                        + "checkout layout on tablets; the address form becomes one component shared with the "
                        + "account page.")
                .at("15:05").resolve(16, BACKEND_ENGINEER, FIXED, "2.4.2", "The gift card is captured after the card "
                        + "authorisation succeeds; the 37 gift cards debited without an order were refunded.")
                .at("15:08").resolve(17, FRONTEND_ENGINEER, FIXED, "2.4.2", "The summary column wraps below 1200 px.")
                .at("15:40").report(22, "customer-40553", IN_APP_FORM, "address",
                        "Address suggestions from Germany again",
                        "I live in Vienna and the autocomplete suggests Berlin streets again.")
                .at("15:52").reopen(10, SUPPORT, "2.4.2", "Austrian and Swiss customers get German suggestions again "
                        + "since 2.4.2 was deployed.")
                .at("15:55").duplicate(22, INCIDENT_LEAD, 10)
                .at("15:58").prioritise(10, INCIDENT_LEAD, S3, HIGH,
                        "A regression of this morning's fix; wrong addresses reach the warehouse again")
                .at("15:59").assign(10, INCIDENT_LEAD, FRONTEND_ENGINEER)
                .at("16:10").report(23, ON_CALL, ALERTING, "payments",
                        "Refund webhook handler logs NullPointerException",
                        "Refund webhooks without a reason field fail in RefundListener; the provider retries them and "
                                + "they succeed on the second attempt.")
                .at("16:12").prioritise(23, INCIDENT_LEAD, S3, LOW, "Retries succeed; noisy logs only")
                .at("16:30").report(24, SUPPORT_2, SUPPORT_DESK, "loyalty", "Loyalty points missing for orders paid "
                        + "during the outage", "Customers who paid after a failed attempt got no points for the order.")
                .at("16:33").prioritise(24, INCIDENT_LEAD, S3, MEDIUM, "About 300 orders; points can be backfilled")
                .at("16:34").assign(24, INCIDENT_LEAD, BACKEND_ENGINEER)
                .at("17:05").report(25, "customer-72239", IN_APP_FORM, "checkout-ui",
                        "Order summary text very small on Android",
                        "On my Android phone the order summary font is tiny compared to the rest of the page.")
                .at("17:40").resolve(24, BACKEND_ENGINEER, FIXED, null,
                        "A backfill credited the points of 312 orders.");
    }

    private static void retrospective(Story story) {
        story.on("2026-11-19").at("14:00").lesson(1, INCIDENT_LEAD, new Story.Lesson(
                        "An SDK upgrade silently replaced tuned client settings",
                        "2.4.0 moved payment-service from PSP SDK 4 to SDK 5. SDK 5 reads its settings under new keys, "
                                + "so the tuned pool size (200) and timeout (8 s) were ignored and the SDK defaults "
                                + "(10 connections, 2 s) applied. At the morning peak the pool was exhausted within "
                                + "15 minutes of full rollout; about 40% of card authorisations failed from 08:05 to "
                                + "10:40 UTC.",
                        List.of("The SDK's configuration keys changed between major versions and unknown keys are "
                                        + "ignored without a warning",
                                "Staging carries about 2% of production traffic, so a pool of 10 never ran out there",
                                "The canary ran at 5% for 15 minutes and was judged on error rate only, not on latency "
                                        + "or authorisation success",
                                "Full rollout coincided with the start of the daily traffic peak"),
                        "The authorisation alert fired within 16 minutes; duplicates were linked to one ticket, so "
                                + "responders worked from one place; users were told within 25 minutes, with PayPal as "
                                + "a workaround; the hotfix was live 2 h 20 min after the alert.",
                        List.of("Refuse to start on unknown or ignored client configuration keys",
                                "Gate canary promotion on p99 latency and authorisation success",
                                "Load-test the payment path at peak concurrency before major dependency upgrades",
                                "Roll out checkout releases outside the traffic peak"),
                        List.of(2, 8, 18), List.of("payments", "configuration", "dependencies", "canary")))
                .at("14:10").lesson(2, INCIDENT_LEAD, new Story.Lesson(
                        "Deliberate changes reached users unannounced and came back as bug reports",
                        "Six of the 25 tickets described deliberate changes: the voucher field behind 'Have a code?', "
                                + "saved cards confirmed once more, the terms checkbox gating 'Place order', Apple Pay "
                                + "only in Safari, card management moved to the account, and the 1 EUR verification "
                                + "hold. Support learned of them from customers.",
                        List.of("Release notes were written for engineers and not shared with support",
                                "Help articles were updated after the release instead of with it",
                                "The new checkout gave no hint where moved controls had gone"),
                        "Product answered each report within two hours; two help articles were published the same day.",
                        List.of("Brief support on every user-visible change before the release",
                                "Publish customer-facing 'what's new' notes with each checkout release",
                                "Show inline hints for moved controls during the first weeks"),
                        List.of(5, 7, 9, 11, 20, 21), List.of("communication", "ux", "support")))
                .at("14:20").lesson(3, INCIDENT_LEAD, new Story.Lesson(
                        "The second hotfix brought back what the first had fixed",
                        "2.4.1 fixed the address autocomplete by passing the shopper's country. 2.4.2 turned the "
                                + "address form into a shared component that did not pass it, and the wrong "
                                + "suggestions returned an hour after 2.4.2 was deployed.",
                        List.of("The 2.4.1 fix shipped without an automated test, under time pressure",
                                "Two hotfixes touching the same form were prepared in parallel on the same day",
                                "The review of 2.4.2 concentrated on the split-payment change"),
                        "Support recognised the symptom and reopened the original ticket, so the regression was "
                                + "detected at once and linked to the fix it undid.",
                        List.of("Every hotfix carries a test that reproduces its ticket",
                                "Hotfixes of one release are prepared on one branch, one after the other"),
                        List.of(10, 22), List.of("regression", "hotfix", "testing")))
                .at("14:30").actionItem(1, INCIDENT_LEAD, "Refuse to start payment-service on unknown PSP client "
                        + "settings; contract test for the effective pool size and timeouts", PAYMENTS_ENGINEER,
                        "2026-11-27", 1)
                .at("14:31").actionItem(2, INCIDENT_LEAD, "Gate canary promotion on p99 latency and payment "
                        + "authorisation success", ON_CALL, "2026-12-04", 1)
                .at("14:32").actionItem(3, INCIDENT_LEAD, "Load-test the payment path at peak concurrency before "
                        + "major dependency upgrades", BACKEND_ENGINEER, "2026-12-11", 1)
                .at("14:33").actionItem(4, INCIDENT_LEAD, "Publish customer-facing 'what's new' notes with every "
                        + "checkout release", PRODUCT_MANAGER, "2026-11-30", 2)
                .at("14:34").actionItem(5, INCIDENT_LEAD, "Brief support on user-visible changes before each release",
                        SUPPORT, "2026-11-26", 2)
                .at("14:35").actionItem(6, INCIDENT_LEAD, "Require a test reproducing the ticket in every hotfix "
                        + "(release template checklist)", RELEASE_MANAGER, "2026-11-27", 3)
                .at("14:36").actionItem(7, INCIDENT_LEAD, "Fix the address autocomplete regression, with a test",
                        FRONTEND_ENGINEER, "2026-11-26", 3)
                .at("14:45").complete(5, SUPPORT, "A briefing slot is on the release calendar; the first was held "
                        + "on 18 November.")
                .at("15:00").close(INCIDENT_LEAD, "An SDK upgrade silently dropped tuned client settings and about "
                        + "40% of card payments failed for 2 h 35 min until hotfix 2.4.1. Six reports were deliberate "
                        + "changes users had not been told about, and hotfix 2.4.2 briefly brought back an address "
                        + "bug. Seven action items: configuration safety, canary gates, load tests, announcing "
                        + "user-visible changes, and a test with every hotfix.")
                .on("2026-11-23").at("10:00").complete(4, PRODUCT_MANAGER, "Template added to the release checklist; "
                        + "the first notes went out with 2.4.2.")
                .on("2026-11-24").at("11:00").complete(1, PAYMENTS_ENGINEER, "Merged; the contract test runs in CI "
                        + "against SDK 5.1 and 5.2.")
                .at("16:30").complete(6, RELEASE_MANAGER, "The hotfix template now asks for the reproducing test.");
    }
}
