<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>AccessPolicyWidget</name>
    <message>
        <source>Operators type a PIN after scanning their badge</source>
        <translation>Bediener geben nach dem Ausweis-Scan eine PIN ein</translation>
    </message>
    <message>
        <source> failed log-ins (0: never lock)</source>
        <translation> fehlgeschlagenen Anmeldungen (0: nie sperren)</translation>
    </message>
    <message>
        <source> characters</source>
        <translation> Zeichen</translation>
    </message>
    <message>
        <source> last passwords may not be reused</source>
        <translation> letzte Passwörter dürfen nicht wiederverwendet werden</translation>
    </message>
    <message>
        <source> days (0: passwords do not age)</source>
        <translation> Tage (0: Passwörter laufen nicht ab)</translation>
    </message>
    <message>
        <source> digits</source>
        <translation> Ziffern</translation>
    </message>
    <message>
        <source>their own records</source>
        <translation>eigene Datensätze</translation>
    </message>
    <message>
        <source>any record</source>
        <translation>jeden Datensatz</translation>
    </message>
    <message>
        <source>no records</source>
        <translation>keine Datensätze</translation>
    </message>
    <message>
        <source>An operator&apos;s correction waits for a supervisor&apos;s signature</source>
        <translation>Die Korrektur eines Bedieners wartet auf die Unterschrift eines Schichtleiters</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>abgewiesen</translation>
    </message>
    <message>
        <source>allowed with each exception acknowledged</source>
        <translation>erlaubt, wenn jede Abweichung bestätigt ist</translation>
    </message>
    <message>
        <source>reason for the change (required, journalled)</source>
        <translation>Grund der Änderung (Pflicht, wird protokolliert)</translation>
    </message>
    <message>
        <source>Save policy</source>
        <translation>Richtlinie speichern</translation>
    </message>
    <message>
        <source>Badge log-in</source>
        <translation>Anmeldung mit Ausweis</translation>
    </message>
    <message>
        <source>Lock an account after</source>
        <translation>Konto sperren nach</translation>
    </message>
    <message>
        <source>Passwords: at least</source>
        <translation>Passwörter: mindestens</translation>
    </message>
    <message>
        <source>Password history</source>
        <translation>Passwort-Historie</translation>
    </message>
    <message>
        <source>Password ageing</source>
        <translation>Passwort-Ablauf</translation>
    </message>
    <message>
        <source>PINs: at least</source>
        <translation>PINs: mindestens</translation>
    </message>
    <message>
        <source>Operators may correct</source>
        <translation>Bediener dürfen korrigieren</translation>
    </message>
    <message>
        <source>Supervisors may correct</source>
        <translation>Schichtleiter dürfen korrigieren</translation>
    </message>
    <message>
        <source>Approval</source>
        <translation>Freigabe</translation>
    </message>
    <message>
        <source>Releasing with open exceptions is</source>
        <translation>Freigeben mit offenen Abweichungen ist</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Access policy of this station</source>
        <translation>Zugriffsrichtlinie dieser Station</translation>
    </message>
    <message>
        <source>Give a reason: it is journalled with the change.</source>
        <translation>Einen Grund angeben: er wird mit der Änderung protokolliert.</translation>
    </message>
    <message>
        <source>The access policy is saved; journalled with the reason.</source>
        <translation>Die Zugriffsrichtlinie ist gespeichert; mit dem Grund protokolliert.</translation>
    </message>
</context>
<context>
    <name>AccessWidget</name>
    <message>
        <source>User</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <source>Failed log-ins</source>
        <translation>Fehlgeschlagene Anmeldungen</translation>
    </message>
    <message>
        <source>reason (required, journalled)</source>
        <translation>Grund (Pflicht, wird protokolliert)</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Entsperren</translation>
    </message>
    <message>
        <source>Locked accounts</source>
        <translation>Gesperrte Konten</translation>
    </message>
    <message>
        <source>Asked at</source>
        <translation>Beantragt um</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Von</translation>
    </message>
    <message>
        <source>Corrects record</source>
        <translation>Korrigiert Datensatz</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>your user name</source>
        <translation>Ihr Benutzername</translation>
    </message>
    <message>
        <source>your password</source>
        <translation>Ihr Passwort</translation>
    </message>
    <message>
        <source>Approve — second signature</source>
        <translation>Freigeben — zweite Unterschrift</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Benutzername</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <source>Corrections waiting for approval</source>
        <translation>Korrekturen, die auf Freigabe warten</translation>
    </message>
    <message>
        <source>Choose a locked account and give a reason to unlock it.</source>
        <translation>Wählen Sie ein gesperrtes Konto und geben Sie einen Grund zum Entsperren an.</translation>
    </message>
    <message>
        <source>{name} is unlocked; journalled with the reason.</source>
        <translation>{name} ist entsperrt; mit dem Grund protokolliert.</translation>
    </message>
    <message>
        <source>Choose a correction and sign with your user name and password.</source>
        <translation>Wählen Sie eine Korrektur und unterschreiben Sie mit Benutzername und Passwort.</translation>
    </message>
    <message>
        <source>The correction is approved with your signature and now takes effect.</source>
        <translation>Die Korrektur ist mit Ihrer Unterschrift freigegeben und gilt ab jetzt.</translation>
    </message>
</context>
<context>
    <name>AdministrationWidget</name>
    <message>
        <source>Accounts</source>
        <translation>Konten</translation>
    </message>
    <message>
        <source>Locks and approvals</source>
        <translation>Sperren und Freigaben</translation>
    </message>
    <message>
        <source>Access policy</source>
        <translation>Zugriffsrichtlinie</translation>
    </message>
</context>
<context>
    <name>CalibrationWidget</name>
    <message>
        <source>certificate number, e.g. DAkkS D-K-15070 2026-1142</source>
        <translation>Zertifikatsnummer, z. B. DAkkS D-K-15070 2026-1142</translation>
    </message>
    <message>
        <source>laboratory or person</source>
        <translation>Labor oder Person</translation>
    </message>
    <message>
        <source>Record calibration</source>
        <translation>Kalibrierung buchen</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Referenz</translation>
    </message>
    <message>
        <source>As found</source>
        <translation>Vorgefunden</translation>
    </message>
    <message>
        <source>As left</source>
        <translation>Hinterlassen</translation>
    </message>
    <message>
        <source>Tolerance ±</source>
        <translation>Toleranz ±</translation>
    </message>
    <message>
        <source>One row per test point; leave a row empty when there are fewer points.</source>
        <translation>Eine Zeile je Prüfpunkt; bei weniger Punkten eine Zeile leer lassen.</translation>
    </message>
    <message>
        <source>Performed on</source>
        <translation>Durchgeführt am</translation>
    </message>
    <message>
        <source>Due on</source>
        <translation>Fällig am</translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation>Zertifikat</translation>
    </message>
    <message>
        <source>Performed by</source>
        <translation>Durchgeführt von</translation>
    </message>
    <message>
        <source>Test points</source>
        <translation>Prüfpunkte</translation>
    </message>
    <message>
        <source>New calibration</source>
        <translation>Neue Kalibrierung</translation>
    </message>
    <message>
        <source>Test point {row}: give the quantity, reference, as-found, as-left and tolerance as numbers</source>
        <translation>Prüfpunkt {row}: Größe, Referenz, vorgefundenen und hinterlassenen Wert und Toleranz als Zahlen angeben</translation>
    </message>
    <message>
        <source>value</source>
        <translation>Wert</translation>
    </message>
</context>
<context>
    <name>ChecklistModel</name>
    <message>
        <source>scan it</source>
        <translation>scannen</translation>
    </message>
    <message>
        <source>complete</source>
        <translation>vollständig</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>fehlt</translation>
    </message>
</context>
<context>
    <name>CodeFormatsWidget</name>
    <message>
        <source>Badge</source>
        <extracomment>The plain codes a station tells apart, as the technician reads them.</extracomment>
        <translation>Ausweis</translation>
    </message>
    <message>
        <source>Lot</source>
        <translation>Charge</translation>
    </message>
    <message>
        <source>Work order</source>
        <translation>Auftrag</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Arbeitsgang</translation>
    </message>
    <message>
        <source>Serial</source>
        <translation>Seriennummer</translation>
    </message>
    <message>
        <source>regular expression, whole code</source>
        <translation>regulärer Ausdruck, ganzer Code</translation>
    </message>
    <message>
        <source>Refuse lots and UDIs typed by hand (scanner only)</source>
        <translation>Von Hand eingegebene Chargen und UDIs ablehnen (nur Scanner)</translation>
    </message>
    <message>
        <source>UDI agencies read</source>
        <translation>Gelesene UDI-Vergabestellen</translation>
    </message>
    <message>
        <source>type or scan a code to see how this station reads it with the settings above</source>
        <translation>Code eingeben oder scannen, um zu sehen, wie diese Station ihn mit den obigen Einstellungen liest</translation>
    </message>
    <message>
        <source>reason for the change, e.g. HIBCC labels from the new supplier</source>
        <translation>Grund der Änderung, z. B. HIBCC-Etiketten des neuen Lieferanten</translation>
    </message>
    <message>
        <source>Save code formats</source>
        <translation>Codeformate speichern</translation>
    </message>
    <message>
        <source>Defaults</source>
        <translation>Standardwerte</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Code formats at {station}</source>
        <translation>Codeformate an {station}</translation>
    </message>
    <message>
        <source>Which plain codes mean a lot, a badge, a work order, a step or a serial, and which UDI agencies the station reads. Test a code below before saving: it is read with the settings as they stand on this screen.</source>
        <translation>Welche einfachen Codes eine Charge, einen Ausweis, einen Fertigungsauftrag, einen Schritt oder eine Seriennummer bedeuten und welche UDI-Vergabestellen die Station liest. Testen Sie unten einen Code vor dem Speichern: Er wird mit den Einstellungen gelesen, wie sie auf diesem Bildschirm stehen.</translation>
    </message>
    <message>
        <source>Test a code</source>
        <translation>Code testen</translation>
    </message>
    <message>
        <source>Nothing changed: nothing was journalled.</source>
        <translation>Nichts geändert: nichts ins Journal geschrieben.</translation>
    </message>
    <message>
        <source>Saved as configuration revision {revision}; the next scan is read with it.</source>
        <translation>Als Konfigurationsrevision {revision} gespeichert; der nächste Scan wird damit gelesen.</translation>
    </message>
</context>
<context>
    <name>CorrectionDialog</name>
    <message>
        <source>Correct the record of {unit}</source>
        <translation>Datensatz von {unit} korrigieren</translation>
    </message>
    <message>
        <source>why (required), e.g. wrong battery lot scanned</source>
        <translation>Grund (Pflicht), z. B. falsche Batteriecharge gescannt</translation>
    </message>
    <message>
        <source>— no component replaced —</source>
        <translation>— kein Bauteil ersetzt —</translation>
    </message>
    <message>
        <source>scan or type the right lot</source>
        <translation>richtige Charge scannen oder eingeben</translation>
    </message>
    <message>
        <source>Record {key}</source>
        <translation>Datensatz {key}</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Replace component</source>
        <translation>Bauteil ersetzen</translation>
    </message>
    <message>
        <source>With</source>
        <translation>Durch</translation>
    </message>
    <message>
        <source>Give the reason for the correction.</source>
        <translation>Grund für die Korrektur angeben.</translation>
    </message>
    <message>
        <source>Scan or type the lot that replaces {old}, or choose no component.</source>
        <translation>Charge scannen oder eingeben, die {old} ersetzt, oder „kein Bauteil“ wählen.</translation>
    </message>
    <message>
        <source>{new} is the component already recorded: scan the right one.</source>
        <translation>{new} ist das schon gebuchte Bauteil: das richtige scannen.</translation>
    </message>
</context>
<context>
    <name>Counts</name>
    <message>
        <source>no records yet</source>
        <extracomment>The languages a station or a user may choose, as their speakers name them.</extracomment>
        <translation>noch keine</translation>
    </message>
    <message numerus="yes">
        <source>%n record(s)</source>
        <translation>
            <numerusform>%n Datensatz</numerusform>
            <numerusform>%n Datensätze</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DemoScannerWidget</name>
    <message>
        <source>Simulated scanner</source>
        <translation>Simulierter Scanner</translation>
    </message>
    <message>
        <source>log in first (type BDG-1002 and Enter), then scan labels here</source>
        <translation>erst anmelden (BDG-1002 eingeben, Enter), dann hier Etiketten scannen</translation>
    </message>
    <message>
        <source>Scan next label</source>
        <translation>Nächstes Etikett</translation>
    </message>
    <message>
        <source>Scan a quarantined lot</source>
        <translation>Gesperrte Charge</translation>
    </message>
    <message>
        <source>Scan the whole unit</source>
        <translation>Ganze Einheit</translation>
    </message>
    <message>
        <source>reflowing ten demo boards at SMT-01…</source>
        <translation>zehn Demo-Leiterplatten werden an SMT-01 gelötet…</translation>
    </message>
    <message>
        <source>the simulated scanner cannot prepare units: {message}</source>
        <translation>der simulierte Scanner kann keine Einheiten vorbereiten: {message}</translation>
    </message>
    <message>
        <source>scanned {what}</source>
        <translation>gescannt: {what}</translation>
    </message>
    <message>
        <source>scanned quarantined lot {bad_lot}</source>
        <translation>gesperrte Charge {bad_lot} gescannt</translation>
    </message>
    <message>
        <source>scanned the {len} remaining labels of the unit</source>
        <translation>die {len} restlichen Etiketten der Einheit gescannt</translation>
    </message>
</context>
<context>
    <name>EnvValueWidget</name>
    <message>
        <source>no reading</source>
        <translation>kein Messwert</translation>
    </message>
    <message>
        <source>window {window} · no instrument reports it</source>
        <translation>Bereich {window} · kein Messgerät liefert einen Wert</translation>
    </message>
    <message>
        <source>cal. until {date}</source>
        <translation>kal. bis {date}</translation>
    </message>
    <message>
        <source>calibrated</source>
        <translation>kalibriert</translation>
    </message>
    <message>
        <source>cal. due {date}</source>
        <translation>Kal. fällig {date}</translation>
    </message>
    <message>
        <source>cal. OVERDUE since {date}</source>
        <translation>Kal. ÜBERFÄLLIG seit {date}</translation>
    </message>
    <message>
        <source>not calibrated</source>
        <translation>nicht kalibriert</translation>
    </message>
    <message>
        <source>{window} · {age} s ago · {calibration}</source>
        <translation>{window} · vor {age} s · {calibration}</translation>
    </message>
    <message>
        <source>{quantity}: no instrument reports it</source>
        <translation>{quantity}: kein Messgerät liefert einen Wert</translation>
    </message>
    <message>
        <source>{instrument}: {quantity} {value} {unit}, window {window}</source>
        <translation>{instrument}: {quantity} {value} {unit}, Bereich {window}</translation>
    </message>
    <message>
        <source>any value</source>
        <translation>beliebiger Wert</translation>
    </message>
</context>
<context>
    <name>EnvironmentPanelWidget</name>
    <message>
        <source>Environment</source>
        <translation>Umgebung</translation>
    </message>
    <message>
        <source>simulated (no instrument drivers)</source>
        <translation>simuliert (keine Messgerätetreiber)</translation>
    </message>
    <message>
        <source>simulated instruments</source>
        <translation>simulierte Messgeräte</translation>
    </message>
    <message>
        <source>simulated instruments on virtual serial ports</source>
        <translation>simulierte Messgeräte an virtuellen seriellen Ports</translation>
    </message>
    <message>
        <source>live instruments</source>
        <translation>angeschlossene Messgeräte</translation>
    </message>
</context>
<context>
    <name>EnvironmentWindowsWidget</name>
    <message>
        <source>Product</source>
        <translation>Produkt</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Arbeitsgang</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>Min.</translation>
    </message>
    <message>
        <source>High</source>
        <translation>Max.</translation>
    </message>
    <message>
        <source>Max age (s)</source>
        <translation>Max. Alter (s)</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Einheit</translation>
    </message>
    <message>
        <source>Instrument</source>
        <translation>Messgerät</translation>
    </message>
    <message>
        <source>Alarm window</source>
        <translation>Alarmfenster</translation>
    </message>
    <message>
        <source>Max age</source>
        <translation>Max. Alter</translation>
    </message>
    <message>
        <source>reason for the change, e.g. CAPA-2026-044 (kept in the journal)</source>
        <translation>Grund der Änderung, z. B. CAPA-2026-044 (wird im Journal gespeichert)</translation>
    </message>
    <message>
        <source>Save windows</source>
        <translation>Fenster speichern</translation>
    </message>
    <message>
        <source>Undo edits</source>
        <translation>Änderungen verwerfen</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Environment windows at {station}</source>
        <translation>Umgebungsfenster an {station}</translation>
    </message>
    <message>
        <source>What each step of this station requires of the environment: the operator&apos;s panel and every record are checked against these. Double-click a limit to change it (empty: no limit); a change needs a reason and is journalled with your name.</source>
        <translation>Was jeder Schritt dieser Station von der Umgebung verlangt: Die Anzeige des Werkers und jeder Datensatz werden dagegen geprüft. Doppelklicken Sie auf eine Grenze, um sie zu ändern (leer: keine Grenze); eine Änderung braucht einen Grund und wird mit Ihrem Namen ins Journal geschrieben.</translation>
    </message>
    <message>
        <source>Windows per step</source>
        <translation>Fenster je Schritt</translation>
    </message>
    <message>
        <source>Alarm windows per instrument (set in Instruments)</source>
        <translation>Alarmfenster je Messgerät (unter Messgeräte einstellen)</translation>
    </message>
    <message>
        <source>No instrument of this station has alarm windows set.</source>
        <translation>Kein Messgerät dieser Station hat Alarmfenster.</translation>
    </message>
    <message>
        <source>{step} {quantity}: type numbers (or leave a limit empty)</source>
        <translation>{step} {quantity}: Zahlen eingeben (oder eine Grenze leer lassen)</translation>
    </message>
    <message>
        <source>Saved: {n} step(s) changed; the next record is checked against them.</source>
        <translation>Gespeichert: {n} Schritt(e) geändert; der nächste Datensatz wird dagegen geprüft.</translation>
    </message>
    <message>
        <source>Nothing changed: nothing was journalled.</source>
        <translation>Nichts geändert: nichts ins Journal geschrieben.</translation>
    </message>
</context>
<context>
    <name>ExceptionModel</name>
    <message>
        <source>{decision} by {name}</source>
        <translation>{decision} von {name}</translation>
    </message>
    <message>
        <source>open</source>
        <translation>offen</translation>
    </message>
    <message>
        <source>environment</source>
        <extracomment>Why an item is in the exception queue and what was decided, as the supervisor reads it.</extracomment>
        <translation>Umgebung</translation>
    </message>
    <message>
        <source>calibration</source>
        <translation>Kalibrierung</translation>
    </message>
    <message>
        <source>stale reading</source>
        <translation>veralteter Messwert</translation>
    </message>
    <message>
        <source>profile</source>
        <translation>Profil</translation>
    </message>
    <message>
        <source>overridden block</source>
        <translation>übersteuerte Sperre</translation>
    </message>
    <message>
        <source>line conflict</source>
        <translation>Linienkonflikt</translation>
    </message>
    <message>
        <source>other</source>
        <translation>Sonstiges</translation>
    </message>
    <message>
        <source>accept</source>
        <translation>annehmen</translation>
    </message>
    <message>
        <source>rework</source>
        <translation>Nacharbeit</translation>
    </message>
    <message>
        <source>quarantine</source>
        <translation>sperren</translation>
    </message>
    <message>
        <source>scrap</source>
        <translation>verschrotten</translation>
    </message>
    <message>
        <source>concession</source>
        <translation>Sonderfreigabe</translation>
    </message>
</context>
<context>
    <name>ExceptionQueueWidget</name>
    <message>
        <source>Accept — use as is (no effect on the unit)</source>
        <translation>Annehmen — wie ist verwenden (keine Folge für die Einheit)</translation>
    </message>
    <message>
        <source>Rework — send the unit back</source>
        <translation>Nacharbeit — Einheit zurückschicken</translation>
    </message>
    <message>
        <source>Quarantine — hold for quality</source>
        <translation>Sperren — für die Qualitätssicherung zurückhalten</translation>
    </message>
    <message>
        <source>Scrap</source>
        <translation>Verschrotten</translation>
    </message>
    <message>
        <source>All shifts</source>
        <translation>Alle Schichten</translation>
    </message>
    <message>
        <source>Show disposed too</source>
        <translation>Auch entschiedene zeigen</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>Schicht</translation>
    </message>
    <message>
        <source>Select an exception to dispose of it.</source>
        <translation>Eine Abweichung wählen, um darüber zu entscheiden.</translation>
    </message>
    <message>
        <source>Choose a decision…</source>
        <translation>Entscheidung wählen…</translation>
    </message>
    <message>
        <source>Why: what you checked and what it means for the unit (required)</source>
        <translation>Warum: was Sie geprüft haben und was es für die Einheit bedeutet (Pflicht)</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Benutzername</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <source>Record disposition</source>
        <translation>Entscheidung buchen</translation>
    </message>
    <message>
        <source>Open record…</source>
        <translation>Datensatz öffnen…</translation>
    </message>
    <message>
        <source>Disposition</source>
        <translation>Entscheidung</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>Entscheidung</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Kommentar</translation>
    </message>
    <message>
        <source>Sign with your user name and password</source>
        <translation>Mit Benutzername und Passwort unterschreiben</translation>
    </message>
    <message>
        <source>Exception queue</source>
        <translation>Abweichungen</translation>
    </message>
    <message>
        <source>Records flagged for environment out of window, stale or out-of-calibration readings, failed reflow profiles and line conflicts. Dispose of each with a comment; the disposition is journalled with your name.</source>
        <translation>Markierte Datensätze: Umgebung außerhalb des Bereichs, veraltete oder nicht kalibrierte Messwerte, fehlgeschlagene Lötprofile und Linienkonflikte. Über jeden mit einem Kommentar entscheiden; die Entscheidung wird mit Ihrem Namen protokolliert.</translation>
    </message>
    <message>
        <source>Line conflict</source>
        <translation>Linienkonflikt</translation>
    </message>
    <message>
        <source>✔ Disposition recorded: {decision} for {unit}, signed with your name.</source>
        <translation>✔ Entscheidung gebucht: {decision} für {unit}, mit Ihrem Namen unterschrieben.</translation>
    </message>
    <message>
        <source>{open_items} open</source>
        <translation>{open_items} offen</translation>
    </message>
    <message>
        <source>Close it with a signature</source>
        <translation>Abschluss mit Unterschrift</translation>
    </message>
    <message>
        <source> · {len} shown</source>
        <translation> · {len} angezeigt</translation>
    </message>
    <message>
        <source>Nothing to dispose of: the queue is empty. ✔</source>
        <translation>Nichts zu entscheiden: die Liste ist leer. ✔</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Datensatz</translation>
    </message>
    <message>
        <source>Reflow profile</source>
        <translation>Lötprofil</translation>
    </message>
    <message>
        <source>Record of another station (dispose of it there)</source>
        <translation>Datensatz einer anderen Station (dort entscheiden)</translation>
    </message>
    <message>
        <source>Conflict raised at the plant</source>
        <translation>Vom Werk gemeldeter Konflikt</translation>
    </message>
    <message>
        <source>{get} of {value} at {station}, {when}</source>
        <translation>{get} von {value} an {station}, {when}</translation>
    </message>
    <message>
        <source>Disposed: {decision} by {name} at {when} — {comment}</source>
        <translation>Entschieden: {decision} von {name} am {when} — {comment}</translation>
    </message>
    <message>
        <source>Recording…</source>
        <translation>Wird gebucht…</translation>
    </message>
    <message>
        <source>Choose a decision for this item, then record it.</source>
        <translation>Für diesen Fall eine Entscheidung wählen und dann buchen.</translation>
    </message>
</context>
<context>
    <name>FeedbackWidget</name>
    <message>
        <source>Ready</source>
        <translation>Bereit</translation>
    </message>
    <message>
        <source>Scan the unit&apos;s UDI label to start.</source>
        <translation>UDI-Etikett der Einheit scannen, um zu beginnen.</translation>
    </message>
</context>
<context>
    <name>Headers</name>
    <message>
        <source>Part</source>
        <translation>Teil</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Bezeichnung</translation>
    </message>
    <message>
        <source>Scanned</source>
        <translation>Gescannt</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Einheit</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Time ({zone})</source>
        <translation>Zeit ({zone})</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <source>Badge</source>
        <translation>Ausweis</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <source>Qualifications (expiry)</source>
        <translation>Qualifikationen (Ablauf)</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>Gesperrt</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Produkt</translation>
    </message>
    <message>
        <source>Work order</source>
        <translation>Auftrag</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Arbeitsgang</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>Station</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Werker</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Disposition</source>
        <translation>Entscheidung</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Objekt</translation>
    </message>
    <message>
        <source>Part / product</source>
        <translation>Teil / Produkt</translation>
    </message>
    <message>
        <source>Operator / supplier</source>
        <translation>Werker / Lieferant</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Instrument</source>
        <translation>Messgerät</translation>
    </message>
    <message>
        <source>Driver</source>
        <translation>Treiber</translation>
    </message>
    <message>
        <source>Calibration</source>
        <translation>Kalibrierung</translation>
    </message>
    <message>
        <source>Poll</source>
        <translation>Abfrage</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>Min.</translation>
    </message>
    <message>
        <source>High</source>
        <translation>Max.</translation>
    </message>
    <message>
        <source>Max age (s)</source>
        <translation>Max. Alter (s)</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Quality</source>
        <translation>Qualität</translation>
    </message>
    <message>
        <source>Read at</source>
        <translation>Gelesen</translation>
    </message>
    <message>
        <source>Recorded</source>
        <translation>Gebucht</translation>
    </message>
    <message>
        <source>Raw</source>
        <translation>Roh</translation>
    </message>
    <message>
        <source>Performed</source>
        <translation>Durchgeführt</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Fällig</translation>
    </message>
    <message>
        <source>As found</source>
        <translation>Vorgefunden</translation>
    </message>
    <message>
        <source>As left</source>
        <translation>Hinterlassen</translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation>Zertifikat</translation>
    </message>
    <message>
        <source>Performed by</source>
        <translation>Durchgeführt von</translation>
    </message>
</context>
<context>
    <name>HealthWidget</name>
    <message>
        <source>no sound player</source>
        <translation>keine Tonausgabe</translation>
    </message>
    <message>
        <source>Station health</source>
        <translation>Zustand der Station</translation>
    </message>
    <message>
        <source>What this station runs and what it can do.</source>
        <translation>Was auf dieser Station läuft und was sie kann.</translation>
    </message>
    <message>
        <source>Sounds</source>
        <translation>Töne</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>Datenbank</translation>
    </message>
    <message>
        <source>Installed versions</source>
        <translation>Installierte Versionen</translation>
    </message>
</context>
<context>
    <name>InstrumentFormWidget</name>
    <message>
        <source>e.g. hmt-fa01 (no spaces)</source>
        <translation>z. B. hmt-fa01 (ohne Leerzeichen)</translation>
    </message>
    <message>
        <source>what it is and where, e.g. Vaisala HMT330 above FA-01</source>
        <translation>was es ist und wo, z. B. Vaisala HMT330 über FA-01</translation>
    </message>
    <message>
        <source>Refresh ports</source>
        <translation>Ports neu lesen</translation>
    </message>
    <message>
        <source>Line settings as the manual writes them: &apos;4800 7E1&apos;, &apos;9600 8N1&apos;</source>
        <translation>Schnittstellenparameter wie im Handbuch: &apos;4800 7E1&apos;, &apos;9600 8N1&apos;</translation>
    </message>
    <message>
        <source>{&quot;registers&quot;: [...]}  driver options as JSON: register map, scaling, FORM string</source>
        <translation>{&quot;registers&quot;: [...]}  Treiberoptionen als JSON: Registerbelegung, Skalierung, FORM-Zeichenkette</translation>
    </message>
    <message>
        <source>+ window</source>
        <translation>+ Bereich</translation>
    </message>
    <message>
        <source>− window</source>
        <translation>− Bereich</translation>
    </message>
    <message>
        <source>reason for the change (kept in the journal)</source>
        <translation>Grund der Änderung (wird protokolliert)</translation>
    </message>
    <message>
        <source>Instrument id</source>
        <translation>Messgeräte-ID</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Driver</source>
        <translation>Treiber</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>Serial settings</source>
        <translation>Schnittstelle</translation>
    </message>
    <message>
        <source>Poll interval</source>
        <translation>Abfrageintervall</translation>
    </message>
    <message>
        <source>Stale after</source>
        <translation>Veraltet nach</translation>
    </message>
    <message>
        <source>Driver options</source>
        <translation>Treiberoptionen</translation>
    </message>
    <message>
        <source>Alarm windows</source>
        <translation>Alarmbereiche</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>{summary} Quantities: {quantities}.</source>
        <translation>{summary} Größen: {quantities}.</translation>
    </message>
</context>
<context>
    <name>InstrumentModel</name>
    <message>
        <source>valid</source>
        <extracomment>Each calibration state in words (translated where shown).</extracomment>
        <translation>gültig</translation>
    </message>
    <message>
        <source>due soon</source>
        <translation>bald fällig</translation>
    </message>
    <message>
        <source>overdue</source>
        <translation>überfällig</translation>
    </message>
    <message>
        <source>never calibrated</source>
        <translation>nie kalibriert</translation>
    </message>
    <message>
        <source>{state} · due {date}</source>
        <translation>{state} · fällig {date}</translation>
    </message>
</context>
<context>
    <name>InstrumentsWidget</name>
    <message>
        <source>Add instrument</source>
        <translation>Messgerät hinzufügen</translation>
    </message>
    <message>
        <source>No instruments are configured at this station yet: add one.</source>
        <translation>An dieser Station ist noch kein Messgerät eingerichtet: eines hinzufügen.</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>Verbindung testen</translation>
    </message>
    <message>
        <source>Retire</source>
        <translation>Außer Betrieb nehmen</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <source>Configuration</source>
        <translation>Konfiguration</translation>
    </message>
    <message>
        <source>Live readings</source>
        <translation>Live-Messwerte</translation>
    </message>
    <message>
        <source>Calibration</source>
        <translation>Kalibrierung</translation>
    </message>
    <message>
        <source>Instruments</source>
        <translation>Messgeräte</translation>
    </message>
    <message>
        <source>Transmitters and analysers feeding station {station_id}. Every change and calibration is journalled with your name and the time.</source>
        <translation>Messumformer und Analysatoren, die Station {station_id} versorgen. Jede Änderung und Kalibrierung wird mit Ihrem Namen und der Zeit protokolliert.</translation>
    </message>
    <message>
        <source>Revision {revision}.</source>
        <translation>Revision {revision}.</translation>
    </message>
    <message>
        <source>Saved {id}, revision {revision} (journalled as a config change by {who}).</source>
        <translation>{id} gespeichert, Revision {revision} (als Konfigurationsänderung von {who} protokolliert).</translation>
    </message>
    <message>
        <source>Testing {driver} on {value}…</source>
        <translation>{driver} an {value} wird getestet…</translation>
    </message>
    <message>
        <source>Connected ({status}). Raw: {raw} → {values}</source>
        <translation>Verbunden ({status}). Roh: {raw} → {values}</translation>
    </message>
</context>
<context>
    <name>LeavingUnitWords</name>
    <message numerus="yes">
        <source>{action} and discard %n scanned part(s) of unit {unit}?</source>
        <translation>
            <numerusform>{action} und %n gescanntes Teil der Einheit {unit} verwerfen?</numerusform>
            <numerusform>{action} und %n gescannte Teile der Einheit {unit} verwerfen?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{action} and discard %n scanned part(s) of this unit?</source>
        <translation>
            <numerusform>{action} und %n gescanntes Teil dieser Einheit verwerfen?</numerusform>
            <numerusform>{action} und %n gescannte Teile dieser Einheit verwerfen?</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing of this unit is recorded yet. Esc keeps the scans.</source>
        <translation>Von dieser Einheit ist noch nichts gebucht. Esc behält die Scans.</translation>
    </message>
    <message>
        <source>{action}, discard</source>
        <translation>{action}, verwerfen</translation>
    </message>
    <message>
        <source>Keep the scans</source>
        <translation>Scans behalten</translation>
    </message>
</context>
<context>
    <name>LineScope</name>
    <message>
        <source>Whole line, read from the plant.</source>
        <translation>Ganze Linie, aus der Werksdatenbank gelesen.</translation>
    </message>
    <message>
        <source>This station only — plant not reachable: {reason}</source>
        <translation>Nur diese Station — Werksdatenbank nicht erreichbar: {reason}</translation>
    </message>
</context>
<context>
    <name>LiveReadingsWidget</name>
    <message>
        <source>Start live readings</source>
        <translation>Live-Messung starten</translation>
    </message>
    <message>
        <source>Not reading.</source>
        <translation>Keine Messung.</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stopp</translation>
    </message>
    <message>
        <source>Reading {id} on {port}…</source>
        <translation>{id} an {port} wird gelesen…</translation>
    </message>
</context>
<context>
    <name>LocaleSettingsWidget</name>
    <message>
        <source>this PC&apos;s own zone</source>
        <translation>Zeitzone dieses PCs</translation>
    </message>
    <message>
        <source>reason for the change (kept in the journal)</source>
        <translation>Grund der Änderung (wird protokolliert)</translation>
    </message>
    <message>
        <source>Save language and time</source>
        <translation>Sprache und Zeit speichern</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>Time zone</source>
        <translation>Zeitzone</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Language and time at station {id}</source>
        <translation>Sprache und Zeit an Station {id}</translation>
    </message>
    <message>
        <source>The language of the station&apos;s screens, and the time zone every time at this station is shown in (records stay in UTC). Both apply from the station&apos;s next start.</source>
        <translation>Die Sprache der Bildschirme dieser Station und die Zeitzone, in der hier jede Zeit angezeigt wird (Datensätze bleiben in UTC). Beides gilt ab dem nächsten Start der Station.</translation>
    </message>
    <message>
        <source>Saved: {language}, {zone}. Restart the station for it to apply.</source>
        <translation>Gespeichert: {language}, {zone}. Station neu starten, damit es gilt.</translation>
    </message>
</context>
<context>
    <name>LoginWidget</name>
    <message>
        <source>LINESIDE</source>
        <translation>LINESIDE</translation>
    </message>
    <message>
        <source>Station {id} · {name}</source>
        <translation>Station {id} · {name}</translation>
    </message>
    <message>
        <source>Scan your badge</source>
        <translation>Ausweis scannen</translation>
    </message>
    <message>
        <source>Operators: hold your badge under the scanner.</source>
        <translation>Werker: Ausweis unter den Scanner halten.</translation>
    </message>
    <message>
        <source>or type the badge number and press Enter</source>
        <translation>oder Ausweisnummer eingeben und Enter drücken</translation>
    </message>
    <message>
        <source>PIN, then Enter</source>
        <translation>PIN, dann Enter</translation>
    </message>
    <message>
        <source>Staff log-in</source>
        <translation>Anmeldung Personal</translation>
    </message>
    <message>
        <source>Supervisors, technicians and administrators.</source>
        <translation>Schichtleitung, Technik und Verwaltung.</translation>
    </message>
    <message>
        <source>user name</source>
        <translation>Benutzername</translation>
    </message>
    <message>
        <source>password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>Anmelden</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <source>Enter your user name and password.</source>
        <translation>Benutzernamen und Passwort eingeben.</translation>
    </message>
    <message>
        <source>{name}: enter your PIN</source>
        <translation>{name}: PIN eingeben</translation>
    </message>
    <message>
        <source>Log-in failed: {error}</source>
        <translation>Anmeldung fehlgeschlagen: {error}</translation>
    </message>
    <message>
        <source>logged out</source>
        <extracomment>Why a user was logged out, as the session journals it, in the reader&apos;s language.</extracomment>
        <translation>abgemeldet</translation>
    </message>
    <message>
        <source>station closed</source>
        <translation>Station geschlossen</translation>
    </message>
    <message>
        <source>another user logged in</source>
        <translation>ein anderer Benutzer hat sich angemeldet</translation>
    </message>
    <message>
        <source>not qualified for the new step</source>
        <translation>für den neuen Arbeitsgang nicht qualifiziert</translation>
    </message>
    <message>
        <source>upstream boards provisioned</source>
        <translation>Vorprodukte bereitgestellt</translation>
    </message>
    <message>
        <source>logged out after {minutes} min without input</source>
        <translation>nach {minutes} min ohne Eingabe abgemeldet</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Lineside — {id} {name}</source>
        <extracomment>Which screen packages each role is offered, besides the operator station.</extracomment>
        <translation>Lineside — {id} {name}</translation>
    </message>
    <message>
        <source>LINESIDE</source>
        <translation>LINESIDE</translation>
    </message>
    <message>
        <source>{id} · {name} · line {line}</source>
        <translation>{id} · {name} · Linie {line}</translation>
    </message>
    <message>
        <source>Demo · operators: badges BDG-1001 … BDG-1012 (type one and press Enter) · staff: supervisor, technician or admin with password lineside-demo</source>
        <translation>Demo · Werker: Ausweise BDG-1001 … BDG-1012 (eingeben und Enter drücken) · Personal: supervisor, technician oder admin mit Passwort lineside-demo</translation>
    </message>
    <message>
        <source>DEMO</source>
        <translation>DEMO</translation>
    </message>
    <message>
        <source>Simulated instruments and scanner: nothing here is production</source>
        <translation>Simulierte Messgeräte und Scanner: hier wird nicht produziert</translation>
    </message>
    <message>
        <source>Password…</source>
        <translation>Passwort…</translation>
    </message>
    <message>
        <source>Log out  [F12]</source>
        <translation>Abmelden  [F12]</translation>
    </message>
    <message>
        <source>Scan not used: open the operator station, the trace or the scanner test to scan</source>
        <translation>Scan nicht verwendet: zum Scannen die Werkerstation, die Rückverfolgung oder den Scannertest öffnen</translation>
    </message>
    <message>
        <source>Scanner</source>
        <translation>Scanner</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>Abmelden</translation>
    </message>
    <message>
        <source>nobody logged in</source>
        <translation>niemand angemeldet</translation>
    </message>
    <message>
        <source>The {area} screens could not be loaded:
{error}</source>
        <translation>Die Bildschirme für {area} konnten nicht geladen werden:
{error}</translation>
    </message>
    <message>
        <source>{title}: this screen could not be opened (see the log).</source>
        <translation>{title}: Dieser Bildschirm konnte nicht geöffnet werden (siehe Protokoll).</translation>
    </message>
    <message>
        <source>No screens for the {role} role are installed at this station yet.</source>
        <translation>Für die Rolle {role} sind an dieser Station noch keine Bildschirme installiert.</translation>
    </message>
    <message>
        <source>operator</source>
        <extracomment>Roles as the reader says them.</extracomment>
        <translation>Werker</translation>
    </message>
    <message>
        <source>supervisor</source>
        <translation>Schichtleiter</translation>
    </message>
    <message>
        <source>technician</source>
        <translation>Techniker</translation>
    </message>
    <message>
        <source>admin</source>
        <translation>Administrator</translation>
    </message>
</context>
<context>
    <name>MaterialsWidget</name>
    <message>
        <source>Pack</source>
        <translation>Gebinde</translation>
    </message>
    <message>
        <source>Lot</source>
        <translation>Charge</translation>
    </message>
    <message>
        <source>Part</source>
        <translation>Teil</translation>
    </message>
    <message>
        <source>MSL</source>
        <translation>MSL</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>Geöffnet</translation>
    </message>
    <message>
        <source>Floor life left</source>
        <translation>Verbleibende Floor Life</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Eingegangen</translation>
    </message>
    <message>
        <source>Consumed</source>
        <translation>Verbraucht</translation>
    </message>
    <message>
        <source>Remaining</source>
        <translation>Verbleibend</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>Materials</source>
        <translation>Material</translation>
    </message>
    <message>
        <source>Open moisture-sensitive reels and lots running low</source>
        <translation>Offene feuchteempfindliche Rollen und knappe Chargen</translation>
    </message>
    <message>
        <source>A pack&apos;s event: scan its label</source>
        <translation>Ereignis eines Gebindes: Etikett scannen</translation>
    </message>
    <message>
        <source>Open MSD reels (J-STD-033), least floor life first</source>
        <translation>Offene MSD-Rollen (J-STD-033), kürzeste Floor Life zuerst</translation>
    </message>
    <message>
        <source>Lots running low</source>
        <translation>Knappe Chargen</translation>
    </message>
    <message>
        <source>the reel&apos;s or bag&apos;s label, or our lot label</source>
        <translation>Etikett der Rolle oder des Beutels oder unser Chargenetikett</translation>
    </message>
    <message>
        <source>Dry pack opened</source>
        <translation>Trockenverpackung geöffnet</translation>
    </message>
    <message>
        <source>Into the dry cabinet</source>
        <translation>In den Trockenschrank</translation>
    </message>
    <message>
        <source>Out of the dry cabinet</source>
        <translation>Aus dem Trockenschrank</translation>
    </message>
    <message>
        <source>Baked (just finished)</source>
        <translation>Gebacken (gerade fertig)</translation>
    </message>
    <message>
        <source>Resealed in a dry bag</source>
        <translation>Wieder im Trockenbeutel verschlossen</translation>
    </message>
    <message>
        <source>oven or dry cabinet</source>
        <translation>Ofen oder Trockenschrank</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Erfassen</translation>
    </message>
    <message>
        <source>{pack}: {event} recorded</source>
        <translation>{pack}: {event} erfasst</translation>
    </message>
    <message>
        <source>exceeded: bake it</source>
        <translation>überschritten: backen</translation>
    </message>
    <message>
        <source>unlimited</source>
        <translation>unbegrenzt</translation>
    </message>
    <message>
        <source>{reels} open reels, {low} lots low</source>
        <translation>{reels} offene Rollen, {low} knappe Chargen</translation>
    </message>
</context>
<context>
    <name>OperatorStationWidget</name>
    <message>
        <source>No scanner? Type a code and press Enter (recorded as typed)</source>
        <translation>Kein Scanner? Code eingeben und Enter drücken (wird als getippt erfasst)</translation>
    </message>
    <message>
        <source>Commit record  [F9]</source>
        <translation>Buchen  [F9]</translation>
    </message>
    <message>
        <source>Remove selected scan  [Del]</source>
        <translation>Scan entfernen  [Entf]</translation>
    </message>
    <message>
        <source>Start unit over  [Esc]</source>
        <translation>Neu beginnen  [Esc]</translation>
    </message>
    <message>
        <source>Correct a record…  [F8]</source>
        <translation>Datensatz korrigieren…  [F8]</translation>
    </message>
    <message>
        <source>Rework…  [F7]</source>
        <translation>Nacharbeit…  [F7]</translation>
    </message>
    <message>
        <source>Today at this station</source>
        <translation>Heute hier</translation>
    </message>
    <message>
        <source>That did not work</source>
        <translation>Das hat nicht geklappt</translation>
    </message>
    <message>
        <source>{error}. Nothing was recorded.</source>
        <translation>{error}. Es wurde nichts gebucht.</translation>
    </message>
    <message>
        <source>Unit {serial}</source>
        <translation>Einheit {serial}</translation>
    </message>
    <message>
        <source>Now scan each component on the list.</source>
        <translation>Jetzt jedes Bauteil der Liste scannen.</translation>
    </message>
    <message>
        <source>Step complete: committing…</source>
        <translation>Arbeitsgang vollständig: wird gebucht…</translation>
    </message>
    <message numerus="yes">
        <source>%n still to scan.</source>
        <translation>
            <numerusform>Noch %n zu scannen.</numerusform>
            <numerusform>Noch %n zu scannen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Scan the right one.</source>
        <translation>Das richtige scannen.</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>Abgewiesen</translation>
    </message>
    <message>
        <source>{subject} refused</source>
        <translation>{subject} abgewiesen</translation>
    </message>
    <message>
        <source>Scan refused</source>
        <translation>Scan abgewiesen</translation>
    </message>
    <message>
        <source>Scan the next unit.</source>
        <translation>Nächste Einheit scannen.</translation>
    </message>
    <message>
        <source>Recorded with a flag for the supervisor. Scan the next unit.</source>
        <translation>Mit Markierung für den Schichtleiter gebucht. Nächste Einheit scannen.</translation>
    </message>
    <message>
        <source>accepted</source>
        <translation>angenommen</translation>
    </message>
    <message>
        <source>flagged</source>
        <translation>markiert</translation>
    </message>
    <message>
        <source>Recorded: unit {serial} · {status}</source>
        <translation>Gebucht: Einheit {serial} · {status}</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Bereit</translation>
    </message>
    <message>
        <source>{prompt} to start.</source>
        <translation>{prompt}, um zu beginnen.</translation>
    </message>
    <message>
        <source>{description}: {id} accepted</source>
        <translation>{description}: {id} angenommen</translation>
    </message>
    <message>
        <source>{pack}: {hours} h {minutes} min of floor life left: use it or bake it</source>
        <translation>{pack}: noch {hours} h {minutes} min Floor Life: verbrauchen oder backen</translation>
    </message>
    <message>
        <source>{id} is used beyond what the lot holds: tell your supervisor</source>
        <translation>{id} wird über den Bestand der Charge hinaus verbraucht: dem Schichtleiter melden</translation>
    </message>
    <message>
        <source>{id} removed</source>
        <translation>{id} entfernt</translation>
    </message>
    <message>
        <source>Nothing to remove</source>
        <translation>Nichts zu entfernen</translation>
    </message>
    <message>
        <source>No component is scanned yet.</source>
        <translation>Es ist noch kein Bauteil gescannt.</translation>
    </message>
    <message>
        <source>{part} is not scanned.</source>
        <translation>{part} ist nicht gescannt.</translation>
    </message>
    <message>
        <source>Start over</source>
        <translation>Neu beginnen</translation>
    </message>
    <message>
        <source>Unit started over</source>
        <translation>Einheit neu begonnen</translation>
    </message>
    <message>
        <source>No record to correct</source>
        <translation>Kein Datensatz zum Korrigieren</translation>
    </message>
    <message>
        <source>Nothing was recorded here today.</source>
        <translation>Hier wurde heute noch nichts gebucht.</translation>
    </message>
    <message>
        <source>Correction of {unit} recorded</source>
        <translation>Korrektur von {unit} gebucht</translation>
    </message>
    <message>
        <source>The original record stays, marked.</source>
        <translation>Der ursprüngliche Datensatz bleibt erhalten und wird markiert.</translation>
    </message>
    <message>
        <source>No rework order is open</source>
        <translation>Kein Nacharbeitsauftrag offen</translation>
    </message>
    <message>
        <source>A supervisor opens one by deciding “rework” on an exception.</source>
        <translation>Ein Schichtleiter eröffnet ihn, indem er bei einer Abweichung „Nacharbeit“ entscheidet.</translation>
    </message>
    <message>
        <source>Rework of {unit}</source>
        <translation>Nacharbeit an {unit}</translation>
    </message>
    <message>
        <source>Rework order {order}: record each step, then close the order.</source>
        <translation>Nacharbeitsauftrag {order}: jeden Schritt buchen, dann den Auftrag abschließen.</translation>
    </message>
    <message>
        <source>Rework step recorded for {unit}</source>
        <translation>Nacharbeitsschritt für {unit} gebucht</translation>
    </message>
    <message>
        <source>Record the next step, or close the rework order when the work is done.</source>
        <translation>Nächsten Schritt buchen oder, wenn die Arbeit fertig ist, den Nacharbeitsauftrag abschließen.</translation>
    </message>
    <message>
        <source>Rework order of {unit} closed</source>
        <translation>Nacharbeitsauftrag von {unit} abgeschlossen</translation>
    </message>
    <message>
        <source>The unit may be released once nothing else awaits a decision.</source>
        <translation>Die Einheit kann freigegeben werden, sobald nichts anderes mehr auf eine Entscheidung wartet.</translation>
    </message>
    <message>
        <source>Back to production</source>
        <translation>Zurück zur Produktion</translation>
    </message>
    <message>
        <source>No work order: scan the work order sheet</source>
        <translation>Kein Auftrag: Auftragsblatt scannen</translation>
    </message>
    <message>
        <source>Work order {order} · {product} · step {code} {name}</source>
        <translation>Auftrag {order} · {product} · Arbeitsgang {code} {name}</translation>
    </message>
    <message>
        <source>Unit: {unit}    ·    {done} of {total} components</source>
        <translation>Einheit: {unit}    ·    {done} von {total} Teilen</translation>
    </message>
    <message>
        <source>Today at this station · {count}</source>
        <translation>Heute hier · {count}</translation>
    </message>
    <message>
        <source>scan the board&apos;s serial label</source>
        <translation>Seriennr. der Leiterplatte scannen</translation>
    </message>
    <message>
        <source>scan the unit&apos;s UDI label</source>
        <translation>UDI-Etikett der Einheit scannen</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <source>At least {length} characters, 5 different ones, not one of your last {history} passwords.</source>
        <translation>Mindestens {length} Zeichen, davon 5 verschiedene, keines Ihrer letzten {history} Passwörter.</translation>
    </message>
    <message>
        <source>It must be changed every {days} days.</source>
        <translation>Es muss alle {days} Tage geändert werden.</translation>
    </message>
    <message>
        <source>Change your password</source>
        <translation>Passwort ändern</translation>
    </message>
    <message>
        <source>Your password has aged: choose a new one to log in.</source>
        <translation>Ihr Passwort ist abgelaufen: wählen Sie ein neues, um sich anzumelden.</translation>
    </message>
    <message>
        <source>Change the password you log in and sign with.</source>
        <translation>Ändern Sie das Passwort, mit dem Sie sich anmelden und unterschreiben.</translation>
    </message>
    <message>
        <source>Current password</source>
        <translation>Aktuelles Passwort</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>Neues Passwort</translation>
    </message>
    <message>
        <source>New password again</source>
        <translation>Neues Passwort wiederholen</translation>
    </message>
    <message>
        <source>Change password</source>
        <translation>Passwort ändern</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>The two new passwords differ: type the same one twice.</source>
        <translation>Die beiden neuen Passwörter unterscheiden sich: geben Sie zweimal dasselbe ein.</translation>
    </message>
    <message>
        <source>Type a new password.</source>
        <translation>Geben Sie ein neues Passwort ein.</translation>
    </message>
</context>
<context>
    <name>PrintActions</name>
    <message>
        <source>Print…</source>
        <translation>Drucken…</translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation>Als PDF speichern…</translation>
    </message>
    <message>
        <source>Preparing the document…</source>
        <translation>Dokument wird vorbereitet…</translation>
    </message>
    <message>
        <source>Print {title}</source>
        <translation>{title} drucken</translation>
    </message>
    <message>
        <source>Sent to the printer: {title}</source>
        <translation>An den Drucker gesendet: {title}</translation>
    </message>
    <message>
        <source>Could not write {path}: {error}. Choose another folder.</source>
        <translation>{path} konnte nicht geschrieben werden: {error}. Einen anderen Ordner wählen.</translation>
    </message>
    <message>
        <source>Could not write {path}: choose a folder you may write to.</source>
        <translation>{path} konnte nicht geschrieben werden: einen Ordner mit Schreibrecht wählen.</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>Gespeichert: {path}</translation>
    </message>
    <message>
        <source>Save as PDF</source>
        <translation>Als PDF speichern</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
</context>
<context>
    <name>ProfilePanelWidget</name>
    <message>
        <source>Reflow profile</source>
        <translation>Lötprofil</translation>
    </message>
    <message>
        <source>no board scanned yet</source>
        <translation>noch keine Leiterplatte gescannt</translation>
    </message>
    <message>
        <source>{board}: no reflow profile recorded</source>
        <translation>{board}: kein Lötprofil gebucht</translation>
    </message>
    <message>
        <source>specification</source>
        <translation>Spezifikation</translation>
    </message>
    <message>
        <source>PASS</source>
        <translation>IO</translation>
    </message>
    <message>
        <source>FAIL</source>
        <translation>NIO</translation>
    </message>
    <message>
        <source>This board cannot be recorded: set it aside and tell your supervisor.</source>
        <translation>Diese Leiterplatte kann nicht gebucht werden: beiseitelegen und dem Schichtleiter melden.</translation>
    </message>
</context>
<context>
    <name>ReceivingWidget</name>
    <message>
        <source>scan the reel&apos;s or bag&apos;s label (GS1 or MH10.8.2)</source>
        <translation>Etikett der Rolle oder des Beutels scannen (GS1 oder MH10.8.2)</translation>
    </message>
    <message>
        <source>as on the label</source>
        <translation>laut Etikett</translation>
    </message>
    <message>
        <source>the part&apos;s unit</source>
        <translation>Einheit des Teils</translation>
    </message>
    <message>
        <source>Receive</source>
        <translation>Annehmen</translation>
    </message>
    <message>
        <source>Supplier label</source>
        <translation>Lieferantenetikett</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Einheit</translation>
    </message>
    <message>
        <source>the certificate as PDF or image</source>
        <translation>das Zeugnis als PDF oder Bild</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Auswählen…</translation>
    </message>
    <message>
        <source>manufacturer</source>
        <translation>Hersteller</translation>
    </message>
    <message>
        <source>distributor, authorised</source>
        <translation>Distributor, autorisiert</translation>
    </message>
    <message>
        <source>distributor, not authorised</source>
        <translation>Distributor, nicht autorisiert</translation>
    </message>
    <message>
        <source>the MTR states EN 10204 3.1</source>
        <translation>das MTR nennt EN 10204 3.1</translation>
    </message>
    <message>
        <source>e.g. Rm=612; Cr=18.2</source>
        <translation>z. B. Rm=612; Cr=18.2</translation>
    </message>
    <message>
        <source>YYYY-MM-DD, shelf-life parts only</source>
        <translation>JJJJ-MM-TT, nur Teile mit Haltbarkeit</translation>
    </message>
    <message>
        <source>why a new revision replaces the last</source>
        <translation>warum eine neue Revision die letzte ersetzt</translation>
    </message>
    <message>
        <source>Attach certificate</source>
        <translation>Zeugnis anhängen</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>Dokument</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Nummer</translation>
    </message>
    <message>
        <source>Heat/cast</source>
        <translation>Schmelze/Charge</translation>
    </message>
    <message>
        <source>Issuer</source>
        <translation>Aussteller</translation>
    </message>
    <message>
        <source>Issued by</source>
        <translation>Ausgestellt von</translation>
    </message>
    <message>
        <source>Values</source>
        <translation>Werte</translation>
    </message>
    <message>
        <source>Expiry</source>
        <translation>Ablauf</translation>
    </message>
    <message>
        <source>Revision reason</source>
        <translation>Grund der Revision</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>Annehmen</translation>
    </message>
    <message>
        <source>Accept on concession</source>
        <translation>Mit Sonderfreigabe annehmen</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>Zurückweisen</translation>
    </message>
    <message>
        <source>required to reject or accept on concession</source>
        <translation>nötig zum Zurückweisen oder für eine Sonderfreigabe</translation>
    </message>
    <message>
        <source>Sign the decision</source>
        <translation>Entscheidung unterschreiben</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>Entscheidung</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Your user name</source>
        <translation>Ihr Benutzername</translation>
    </message>
    <message>
        <source>Your password</source>
        <translation>Ihr Passwort</translation>
    </message>
    <message>
        <source>Receiving</source>
        <translation>Wareneingang</translation>
    </message>
    <message>
        <source>Label, certificate, signed decision: a lot reaches the line only accepted</source>
        <translation>Etikett, Zeugnis, unterschriebene Entscheidung: eine Charge kommt nur angenommen an die Linie</translation>
    </message>
    <message>
        <source>1. The package</source>
        <translation>1. Das Gebinde</translation>
    </message>
    <message>
        <source>3. Decision</source>
        <translation>3. Entscheidung</translation>
    </message>
    <message>
        <source>2. Certificate</source>
        <translation>2. Zeugnis</translation>
    </message>
    <message>
        <source>New lot {lot}: {part} from {supplier}, {quantity} {unit}; on hold until its certificate is accepted</source>
        <translation>Neue Charge {lot}: {part} von {supplier}, {quantity} {unit}; gesperrt, bis ihr Zeugnis angenommen ist</translation>
    </message>
    <message>
        <source>Added to lot {lot}: {part} from {supplier}, now {quantity} {unit}</source>
        <translation>Zur Charge {lot} hinzugefügt: {part} von {supplier}, jetzt {quantity} {unit}</translation>
    </message>
    <message>
        <source>Certificate document</source>
        <translation>Zeugnisdokument</translation>
    </message>
    <message>
        <source>PDF or image (*.pdf *.png *.jpg *.jpeg *.tif *.tiff)</source>
        <translation>PDF oder Bild (*.pdf *.png *.jpg *.jpeg *.tif *.tiff)</translation>
    </message>
    <message>
        <source>Receive the package first: its lot takes the certificate</source>
        <translation>Zuerst das Gebinde annehmen: seine Charge erhält das Zeugnis</translation>
    </message>
    <message>
        <source>Cannot read {file}: {error}</source>
        <translation>{file} kann nicht gelesen werden: {error}</translation>
    </message>
    <message>
        <source>Values: write NAME=NUMBER, e.g. Rm=612 ({item})</source>
        <translation>Werte: NAME=ZAHL schreiben, z. B. Rm=612 ({item})</translation>
    </message>
    <message>
        <source>Expiry: write the date as YYYY-MM-DD</source>
        <translation>Ablauf: Datum als JJJJ-MM-TT schreiben</translation>
    </message>
    <message>
        <source>Certificate {certificate} revision {revision} stored (SHA-256 {sha}…): decide and sign</source>
        <translation>Zeugnis {certificate} Revision {revision} gespeichert (SHA-256 {sha}…): entscheiden und unterschreiben</translation>
    </message>
    <message>
        <source>Attach the certificate first</source>
        <translation>Zuerst das Zeugnis anhängen</translation>
    </message>
    <message>
        <source>Certificate {certificate} signed: {decision}; lot {lot} is released for the line</source>
        <translation>Zeugnis {certificate} unterschrieben: {decision}; Charge {lot} ist für die Linie freigegeben</translation>
    </message>
    <message>
        <source>Certificate {certificate} signed: {decision}; lot {lot} is rejected</source>
        <translation>Zeugnis {certificate} unterschrieben: {decision}; Charge {lot} ist zurückgewiesen</translation>
    </message>
</context>
<context>
    <name>RecordDetailDialog</name>
    <message>
        <source>Record {key}</source>
        <translation>Datensatz {key}</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Device history record (PDF)…</source>
        <translation>Geräteprotokoll (PDF)…</translation>
    </message>
    <message>
        <source>Every step of this unit and its subassemblies, for the quality file</source>
        <translation>Jeder Arbeitsgang dieser Einheit und ihrer Baugruppen, für die Qualitätsakte</translation>
    </message>
    <message>
        <source>Record not available</source>
        <translation>Datensatz nicht verfügbar</translation>
    </message>
    <message>
        <source>{unit} · {get} · step {get2}</source>
        <translation>{unit} · {get} · Arbeitsgang {get2}</translation>
    </message>
    <message>
        <source>{kind} recorded {when} at station {get} (line {get2}) by {operator} · work order {get3} · key {key} · hash {value}…</source>
        <translation>{kind} gebucht {when} an Station {get} (Linie {get2}) von {operator} · Auftrag {get3} · Schlüssel {key} · Hash {value}…</translation>
    </message>
    <message>
        <source>Superseded: corrected by record {superseded_by}.</source>
        <translation>Ersetzt: korrigiert durch Datensatz {superseded_by}.</translation>
    </message>
    <message>
        <source>
No disposition yet.</source>
        <translation>
Noch keine Entscheidung.</translation>
    </message>
    <message>
        <source>Verdict: {status}.</source>
        <translation>Ergebnis: {status}.</translation>
    </message>
    <message>
        <source>Components</source>
        <translation>Bauteile</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Umgebung</translation>
    </message>
    <message>
        <source>Thermal profile</source>
        <translation>Temperaturprofil</translation>
    </message>
    <message>
        <source>History &amp;&amp; signatures</source>
        <translation>Verlauf &amp;&amp; Unterschriften</translation>
    </message>
    <message>
        <source>UDI {get}  ·  DI {get2}  ·  lot {get3}  ·  expiry {get4}</source>
        <translation>UDI {get}  ·  DI {get2}  ·  Charge {get3}  ·  Verfall {get4}</translation>
    </message>
    <message>
        <source>At commit</source>
        <translation>Bei der Buchung</translation>
    </message>
    <message>
        <source>Around that time at {get} (±60 min, each record)</source>
        <translation>Um diese Zeit an {get} (±60 min, je Datensatz)</translation>
    </message>
    <message>
        <source>This step records no environmental values.</source>
        <translation>Dieser Arbeitsgang erfasst keine Umgebungswerte.</translation>
    </message>
    <message>
        <source>No reflow profile belongs to this unit: its step does not go through the oven.</source>
        <translation>Zu dieser Einheit gehört kein Lötprofil: ihr Arbeitsgang geht nicht durch den Ofen.</translation>
    </message>
    <message>
        <source>Profile {value} against “{spec_name}”</source>
        <translation>Profil {value} gegen „{spec_name}“</translation>
    </message>
    <message>
        <source>The profile&apos;s verdict is bound to the record, but its curve is not stored at this station (reported by the oven without samples).</source>
        <translation>Das Ergebnis des Profils ist im Datensatz gebunden, die Kurve ist an dieser Station aber nicht gespeichert (vom Ofen ohne Messpunkte gemeldet).</translation>
    </message>
    <message>
        <source>Shaded: soak {soak_low}–{soak_high} °C (blue), peak window {peak_min}–{peak_max} °C (green). Spec “{spec_name}”, {value} samples, instrument {value2}.</source>
        <translation>Schattiert: Haltezone {soak_low}–{soak_high} °C (blau), Spitzenbereich {peak_min}–{peak_max} °C (grün). Spezifikation „{spec_name}“, {value} Messpunkte, Messgerät {value2}.</translation>
    </message>
    <message>
        <source>Record key</source>
        <translation>Datensatzschlüssel</translation>
    </message>
    <message>
        <source>Journal hash</source>
        <translation>Journal-Hash</translation>
    </message>
    <message>
        <source>Corrects</source>
        <translation>Korrigiert</translation>
    </message>
    <message>
        <source>{corrects} — reason: {get}</source>
        <translation>{corrects} — Grund: {get}</translation>
    </message>
    <message>
        <source>Superseded by</source>
        <translation>Ersetzt durch</translation>
    </message>
    <message>
        <source>Software / config</source>
        <translation>Software / Konfiguration</translation>
    </message>
    <message>
        <source>Lineside {get} · configuration revision {get2}</source>
        <translation>Lineside {get} · Konfigurationsrevision {get2}</translation>
    </message>
    <message>
        <source>Clock source</source>
        <translation>Zeitquelle</translation>
    </message>
    <message>
        <source>Disposition</source>
        <translation>Entscheidung</translation>
    </message>
    <message>
        <source>{decision} by {name} at {when}: {comment}</source>
        <translation>{decision} von {name} am {when}: {comment}</translation>
    </message>
    <message>
        <source>Signatures over this record&apos;s shift</source>
        <translation>Unterschriften zur Schicht dieses Datensatzes</translation>
    </message>
    <message>
        <source>The shift of this record is not signed.</source>
        <translation>Die Schicht dieses Datensatzes ist nicht unterschrieben.</translation>
    </message>
    <message>
        <source>Correct this record</source>
        <translation>Diesen Datensatz korrigieren</translation>
    </message>
    <message>
        <source>reason for the correction (required)</source>
        <translation>Grund der Korrektur (Pflicht)</translation>
    </message>
    <message>
        <source>Record correction</source>
        <translation>Korrektur buchen</translation>
    </message>
    <message>
        <source>A correction is a new journal row that points at this one; this record stays as it was, and any signature over it will show as broken.</source>
        <translation>Eine Korrektur ist ein neuer Journaleintrag, der auf diesen verweist; dieser Datensatz bleibt unverändert, und jede Unterschrift darüber wird als gebrochen angezeigt.</translation>
    </message>
    <message>
        <source>Give the reason for the correction.</source>
        <translation>Grund für die Korrektur angeben.</translation>
    </message>
    <message>
        <source>Corrected by record {key}.</source>
        <translation>Korrigiert durch Datensatz {key}.</translation>
    </message>
    <message>
        <source>Device history record written to {path}.</source>
        <translation>Geräteprotokoll geschrieben nach {path}.</translation>
    </message>
</context>
<context>
    <name>Refusals</name>
    <message>
        <source>Badge {badge} belongs to nobody known at this station.</source>
        <extracomment>Template name -&gt; (why, what to do). Placeholders are the finding&apos;s ``args`` names.</extracomment>
        <translation>Ausweis {badge} gehört niemandem, der an dieser Station bekannt ist.</translation>
    </message>
    <message>
        <source>Ask your supervisor to register it.</source>
        <translation>Schichtleiter bitten, ihn zu registrieren.</translation>
    </message>
    <message>
        <source>{name}&apos;s account is inactive.</source>
        <translation>Das Konto von {name} ist deaktiviert.</translation>
    </message>
    <message>
        <source>Ask your supervisor.</source>
        <translation>Schichtleiter fragen.</translation>
    </message>
    <message>
        <source>{name} is not qualified for step {step}.</source>
        <translation>{name} ist für Arbeitsgang {step} nicht qualifiziert.</translation>
    </message>
    <message>
        <source>Ask your supervisor for a qualified operator.</source>
        <translation>Schichtleiter um einen qualifizierten Werker bitten.</translation>
    </message>
    <message>
        <source>The badge or PIN is wrong.</source>
        <translation>Ausweis oder PIN ist falsch.</translation>
    </message>
    <message>
        <source>Scan your badge again and type your PIN.</source>
        <translation>Ausweis erneut scannen und PIN eingeben.</translation>
    </message>
    <message>
        <source>Name or password is wrong, or the account is inactive.</source>
        <translation>Name oder Passwort ist falsch, oder das Konto ist deaktiviert.</translation>
    </message>
    <message>
        <source>Type them again; after several tries ask an admin.</source>
        <translation>Erneut eingeben; nach mehreren Versuchen einen Administrator fragen.</translation>
    </message>
    <message>
        <source>Nobody is logged in.</source>
        <translation>Niemand ist angemeldet.</translation>
    </message>
    <message>
        <source>Scan your badge first.</source>
        <translation>Zuerst Ausweis scannen.</translation>
    </message>
    <message>
        <source>This station takes UDIs and lots only from a scanner.</source>
        <translation>Diese Station nimmt UDIs und Chargen nur vom Scanner an.</translation>
    </message>
    <message>
        <source>Scan the label.</source>
        <translation>Etikett scannen.</translation>
    </message>
    <message>
        <source>No work order and step are set.</source>
        <translation>Kein Auftrag und kein Arbeitsgang eingestellt.</translation>
    </message>
    <message>
        <source>Scan the work order sheet.</source>
        <translation>Auftragsblatt scannen.</translation>
    </message>
    <message>
        <source>Unreadable scan: {text} is neither a UDI nor a code this station knows.</source>
        <translation>Scan nicht lesbar: {text} ist weder eine UDI noch ein Code, den diese Station kennt.</translation>
    </message>
    <message>
        <source>Check the label, or ask a technician to add its format to this station.</source>
        <translation>Etikett prüfen oder einen Techniker bitten, das Format an dieser Station einzurichten.</translation>
    </message>
    <message>
        <source>Unreadable scan: {text} breaks the code&apos;s rules ({rule}).</source>
        <translation>Scan nicht lesbar: {text} verletzt die Regeln des Codes ({rule}).</translation>
    </message>
    <message>
        <source>Scan the label again; if it fails again, set the part aside and tell your supervisor.</source>
        <translation>Etikett erneut scannen; klappt es wieder nicht, Teil beiseitelegen und dem Schichtleiter melden.</translation>
    </message>
    <message>
        <source>The scanner types in another keyboard layout than this PC.</source>
        <translation>Der Scanner tippt in einer anderen Tastaturbelegung als dieser PC.</translation>
    </message>
    <message>
        <source>Ask a technician to match the layouts (Scanners screen).</source>
        <translation>Einen Techniker bitten, die Belegungen anzugleichen (Bildschirm Scanner).</translation>
    </message>
    <message>
        <source>Lot {lot} is not known at this station.</source>
        <translation>Charge {lot} ist an dieser Station nicht bekannt.</translation>
    </message>
    <message>
        <source>Check the label or ask goods receipt whether it was received.</source>
        <translation>Etikett prüfen oder beim Wareneingang nachfragen, ob sie eingebucht wurde.</translation>
    </message>
    <message>
        <source>Lot {lot} has no certificate accepted by receiving for this part.</source>
        <translation>Charge {lot} hat kein vom Wareneingang angenommenes Zeugnis für dieses Teil.</translation>
    </message>
    <message>
        <source>Put it aside and ask receiving to inspect its certificate.</source>
        <translation>Beiseitelegen und den Wareneingang bitten, das Zeugnis zu prüfen.</translation>
    </message>
    <message>
        <source>MSL {msl} {pack}: the opening of its dry pack was not scanned.</source>
        <translation>MSL {msl} {pack}: das Öffnen der Trockenverpackung wurde nicht gescannt.</translation>
    </message>
    <message>
        <source>Scan the opening of the dry pack, or have it baked if it was opened.</source>
        <translation>Das Öffnen der Trockenverpackung scannen oder, falls schon geöffnet, backen lassen.</translation>
    </message>
    <message>
        <source>MSL {msl} {pack} opened {opened}: floor life {life} exceeded by {over}.</source>
        <translation>MSL {msl} {pack} geöffnet {opened}: Floor Life {life} um {over} überschritten.</translation>
    </message>
    <message>
        <source>Bake it before it is used.</source>
        <translation>Vor der Verwendung backen.</translation>
    </message>
    <message>
        <source>The floor life of MSL {msl} {pack} cannot be judged at these conditions.</source>
        <translation>Die Floor Life von MSL {msl} {pack} lässt sich bei diesen Bedingungen nicht beurteilen.</translation>
    </message>
    <message>
        <source>Put it aside and ask quality.</source>
        <translation>Beiseitelegen und die Qualitätssicherung fragen.</translation>
    </message>
    <message>
        <source>Lot {lot} holds {available} {unit}; this unit would take it to {wanted}.</source>
        <translation>Charge {lot} enthält {available} {unit}; diese Einheit brächte den Verbrauch auf {wanted}.</translation>
    </message>
    <message>
        <source>Check the lot label, or ask the supervisor to correct the balance.</source>
        <translation>Chargenetikett prüfen oder den Schichtleiter bitten, den Bestand zu korrigieren.</translation>
    </message>
    <message>
        <source>Lot {lot} is part {part}, which this step does not use.</source>
        <translation>Charge {lot} ist Teil {part}, das in diesem Arbeitsgang nicht verbaut wird.</translation>
    </message>
    <message>
        <source>Put it aside and scan a part from the checklist.</source>
        <translation>Beiseitelegen und ein Teil aus der Stückliste scannen.</translation>
    </message>
    <message>
        <source>Lot {lot} is {status}.</source>
        <translation>Charge {lot} ist {status}.</translation>
    </message>
    <message>
        <source>Do not use it: put it in the quarantine area and tell your supervisor.</source>
        <translation>Nicht verwenden: in den Sperrbereich legen und dem Schichtleiter melden.</translation>
    </message>
    <message>
        <source>Lot {lot} expired on {date}.</source>
        <translation>Charge {lot} ist am {date} abgelaufen.</translation>
    </message>
    <message>
        <source>Do not use it: take a lot from stock that has not expired.</source>
        <translation>Nicht verwenden: eine nicht abgelaufene Charge aus dem Lager nehmen.</translation>
    </message>
    <message>
        <source>Lot {lot} has no inspection certificate on file.</source>
        <translation>Für Charge {lot} liegt kein Prüfzeugnis vor.</translation>
    </message>
    <message>
        <source>Quality must attach one before it is used.</source>
        <translation>Die Qualitätssicherung muss es hinterlegen, bevor die Charge verwendet wird.</translation>
    </message>
    <message>
        <source>Certificate {certificate} of lot {lot} is valid {from} to {to}, not today.</source>
        <translation>Zeugnis {certificate} der Charge {lot} gilt vom {from} bis {to}, nicht heute.</translation>
    </message>
    <message>
        <source>Ask quality.</source>
        <translation>Qualitätssicherung fragen.</translation>
    </message>
    <message>
        <source>Lot {lot} has a type {type} certificate, but part {part} needs type {required}.</source>
        <translation>Charge {lot} hat ein Zeugnis Typ {type}, Teil {part} braucht aber Typ {required}.</translation>
    </message>
    <message>
        <source>{id} is already scanned for this unit.</source>
        <translation>{id} ist für diese Einheit schon gescannt.</translation>
    </message>
    <message>
        <source>Nothing to do: it is on the list already. Scan the next part.</source>
        <extracomment>What to do about a refusal whose core message says only why (no template).</extracomment>
        <translation>Nichts zu tun: steht schon auf der Liste. Nächstes Teil scannen.</translation>
    </message>
    <message>
        <source>{part} ({description}) is already complete with {quantity}.</source>
        <translation>{part} ({description}) ist mit {quantity} schon vollständig.</translation>
    </message>
    <message>
        <source>To replace it, remove the earlier scan first.</source>
        <translation>Zum Ersetzen zuerst den früheren Scan entfernen.</translation>
    </message>
    <message>
        <source>{serial} is a {part}, which this step does not use.</source>
        <translation>{serial} ist ein {part}, das in diesem Arbeitsgang nicht verbaut wird.</translation>
    </message>
    <message>
        <source>Put the part back and scan one from the list.</source>
        <translation>Teil zurücklegen und eines von der Liste scannen.</translation>
    </message>
    <message>
        <source>Subassembly {serial} has no record at this line.</source>
        <translation>Für Baugruppe {serial} gibt es an dieser Linie keinen Datensatz.</translation>
    </message>
    <message>
        <source>It must be built and recorded before it is used.</source>
        <translation>Sie muss gebaut und gebucht sein, bevor sie verbaut wird.</translation>
    </message>
    <message>
        <source>Subassembly {serial} has no record at this station and the plant cannot be asked.</source>
        <translation>Für Baugruppe {serial} gibt es an dieser Station keinen Datensatz, und das Werk ist nicht erreichbar.</translation>
    </message>
    <message>
        <source>Wait for the plant link or put the unit aside.</source>
        <translation>Auf die Werksverbindung warten oder die Einheit beiseitelegen.</translation>
    </message>
    <message>
        <source>Unit {unit} is still being assembled.</source>
        <translation>Einheit {unit} ist noch in Montage.</translation>
    </message>
    <message>
        <source>Finish it or start it over before scanning {serial}.</source>
        <translation>Erst fertigstellen oder neu beginnen, dann {serial} scannen.</translation>
    </message>
    <message>
        <source>{part} ({description}) is not scanned yet.</source>
        <translation>{part} ({description}) ist noch nicht gescannt.</translation>
    </message>
    <message>
        <source>Scan it, then commit again.</source>
        <translation>Scannen, dann erneut buchen.</translation>
    </message>
    <message>
        <source>{quantity}: no instrument reports it.</source>
        <translation>{quantity}: kein Messgerät liefert einen Wert.</translation>
    </message>
    <message>
        <source>Check that the instrument is connected.</source>
        <translation>Prüfen, ob das Messgerät angeschlossen ist.</translation>
    </message>
    <message>
        <source>{quantity} {value} {unit} from {instrument} was read {age} s ago (limit {limit} s).</source>
        <translation>{quantity} {value} {unit} von {instrument} wurde vor {age} s gelesen (Grenze {limit} s).</translation>
    </message>
    <message>
        <source>Check the instrument&apos;s connection.</source>
        <translation>Verbindung des Messgeräts prüfen.</translation>
    </message>
    <message>
        <source>{quantity} {value} {unit} is outside its window {window}.</source>
        <translation>{quantity} {value} {unit} liegt außerhalb des Bereichs {window}.</translation>
    </message>
    <message>
        <source>Wait for conditions to recover or tell your supervisor.</source>
        <translation>Warten, bis die Bedingungen wieder stimmen, oder dem Schichtleiter melden.</translation>
    </message>
    <message>
        <source>{instrument} ({quantity}) is out of calibration (due {due}).</source>
        <translation>{instrument} ({quantity}) ist nicht kalibriert (fällig {due}).</translation>
    </message>
    <message>
        <source>Ask a technician to calibrate it.</source>
        <translation>Einen Techniker zum Kalibrieren rufen.</translation>
    </message>
    <message>
        <source>Board {board} has no reflow profile on record.</source>
        <translation>Für Leiterplatte {board} ist kein Lötprofil gebucht.</translation>
    </message>
    <message>
        <source>Profile the oven run or tell your supervisor.</source>
        <translation>Ofendurchlauf profilieren oder dem Schichtleiter melden.</translation>
    </message>
    <message>
        <source>Check that this unit belongs to this work order and step.</source>
        <translation>Prüfen, ob diese Einheit zu diesem Auftrag und Arbeitsgang gehört.</translation>
    </message>
    <message>
        <source>Scan the work order sheet of a released order for this station.</source>
        <translation>Auftragsblatt eines freigegebenen Auftrags für diese Station scannen.</translation>
    </message>
    <message>
        <source>Set the part aside and tell your supervisor.</source>
        <translation>Teil beiseitelegen und dem Schichtleiter melden.</translation>
    </message>
    <message>
        <source>Humidity</source>
        <extracomment>Environment quantities as the operator says them (the core&apos;s ``QUANTITY_NAMES``).</extracomment>
        <translation>Luftfeuchte</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>Temperatur</translation>
    </message>
    <message>
        <source>Residual O₂</source>
        <translation>Rest-O₂</translation>
    </message>
    <message>
        <source>Dew point</source>
        <translation>Taupunkt</translation>
    </message>
    <message>
        <source>released</source>
        <extracomment>A lot&apos;s status as the operator says it.</extracomment>
        <translation>freigegeben</translation>
    </message>
    <message>
        <source>quarantined</source>
        <translation>gesperrt</translation>
    </message>
    <message>
        <source>blocked</source>
        <translation>blockiert</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>zurückgewiesen</translation>
    </message>
</context>
<context>
    <name>RemoveScanDialog</name>
    <message>
        <source>Remove which scan?</source>
        <translation>Welchen Scan entfernen?</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Keep all</source>
        <translation>Alle behalten</translation>
    </message>
    <message>
        <source>No scan is selected. Choose the one to remove (↑ ↓, Enter), or Esc.</source>
        <translation>Kein Scan markiert. Den zu entfernenden wählen (↑ ↓, Enter) oder Esc.</translation>
    </message>
</context>
<context>
    <name>ReworkDialog</name>
    <message>
        <source>Rework</source>
        <translation>Nacharbeit</translation>
    </message>
    <message>
        <source>what was done (required), e.g. housing re-sealed, leak test passed</source>
        <translation>was getan wurde (Pflicht), z. B. Gehäuse neu abgedichtet, Dichtheitsprüfung bestanden</translation>
    </message>
    <message>
        <source>Scrapped</source>
        <translation>Verschrottet</translation>
    </message>
    <message>
        <source>Back to stock: fit to use again</source>
        <translation>Zurück ins Lager: wieder verwendbar</translation>
    </message>
    <message>
        <source>scan the lot fitted in its place</source>
        <translation>eingebaute Ersatzcharge scannen</translation>
    </message>
    <message>
        <source>your user name</source>
        <translation>Ihr Benutzername</translation>
    </message>
    <message>
        <source>your password</source>
        <translation>Ihr Passwort</translation>
    </message>
    <message>
        <source>Rework order</source>
        <translation>Nacharbeitsauftrag</translation>
    </message>
    <message>
        <source>Done so far</source>
        <translation>Bisher erledigt</translation>
    </message>
    <message>
        <source>What was done</source>
        <translation>Was getan wurde</translation>
    </message>
    <message>
        <source>Part removed</source>
        <translation>Ausgebautes Teil</translation>
    </message>
    <message>
        <source>Part removed goes to</source>
        <translation>Verbleib des ausgebauten Teils</translation>
    </message>
    <message>
        <source>Lot fitted</source>
        <translation>Eingebaute Charge</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Benutzername</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <source>Record rework step</source>
        <translation>Nacharbeitsschritt buchen</translation>
    </message>
    <message>
        <source>Close the rework order</source>
        <translation>Nacharbeitsauftrag abschließen</translation>
    </message>
    <message>
        <source>Back to production</source>
        <translation>Zurück zur Produktion</translation>
    </message>
    <message>
        <source>REWORK · unit {unit} · order {order}</source>
        <translation>NACHARBEIT · Einheit {unit} · Auftrag {order}</translation>
    </message>
    <message>
        <source>Why: {reason} (opened by {who}, {when} UTC)</source>
        <translation>Grund: {reason} (eröffnet von {who}, {when} UTC)</translation>
    </message>
    <message>
        <source>No rework step recorded yet.</source>
        <translation>Noch kein Nacharbeitsschritt gebucht.</translation>
    </message>
    <message>
        <source>— no part removed —</source>
        <translation>— kein Teil ausgebaut —</translation>
    </message>
    <message>
        <source>Closing this order needs an electronic signature: user name and password of a person allowed to sign (a technician or supervisor).</source>
        <translation>Der Abschluss dieses Auftrags braucht eine elektronische Unterschrift: Benutzername und Passwort einer unterschriftsberechtigten Person (Techniker oder Schichtleiter).</translation>
    </message>
    <message>
        <source>Closing this order needs no signature.</source>
        <translation>Der Abschluss dieses Auftrags braucht keine Unterschrift.</translation>
    </message>
    <message>
        <source>Say what was done.</source>
        <translation>Angeben, was getan wurde.</translation>
    </message>
    <message>
        <source>Scan the lot fitted in place of {lot}.</source>
        <translation>Die anstelle von {lot} eingebaute Charge scannen.</translation>
    </message>
    <message>
        <source>Choose the part removed for the lot fitted.</source>
        <translation>Das ausgebaute Teil zur eingebauten Charge wählen.</translation>
    </message>
    <message>
        <source>{lot} is the lot removed: scan the new one.</source>
        <translation>{lot} ist die ausgebaute Charge: die neue scannen.</translation>
    </message>
    <message>
        <source>Give your password to sign the close.</source>
        <translation>Passwort eingeben, um den Abschluss zu unterschreiben.</translation>
    </message>
</context>
<context>
    <name>ScannersWidget</name>
    <message>
        <source>Keyboard-wedge scanner (USB HID) in use</source>
        <translation>Tastatur-Scanner (USB HID) in Betrieb</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>CR (Enter), TAB or NONE</source>
        <translation>CR (Enter), TAB oder NONE</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <source>Prefix</source>
        <translation>Präfix</translation>
    </message>
    <message>
        <source>Suffix</source>
        <translation>Suffix</translation>
    </message>
    <message>
        <source>Longest pause between keys</source>
        <translation>Längste Pause zwischen Tasten</translation>
    </message>
    <message>
        <source>Shortest scan</source>
        <translation>Kürzester Scan</translation>
    </message>
    <message>
        <source>Serial scanner (RS-232 / USB-CDC) in use</source>
        <translation>Serieller Scanner (RS-232 / USB-CDC) in Betrieb</translation>
    </message>
    <message>
        <source>/dev/ttyACM0 or COM3</source>
        <translation>/dev/ttyACM0 oder COM3</translation>
    </message>
    <message>
        <source>CR, LF, CRLF, TAB, STX, ETX, NONE or \r\n</source>
        <translation>CR, LF, CRLF, TAB, STX, ETX, NONE oder \r\n</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>Serial settings</source>
        <translation>Schnittstelle</translation>
    </message>
    <message>
        <source>Save scanner settings</source>
        <translation>Scannereinstellungen speichern</translation>
    </message>
    <message>
        <source>reason for the change (required, journalled)</source>
        <translation>Grund der Änderung (Pflicht, wird protokolliert)</translation>
    </message>
    <message>
        <source>Keyboard wedge</source>
        <translation>Tastatur-Scanner</translation>
    </message>
    <message>
        <source>Serial scanner</source>
        <translation>Serieller Scanner</translation>
    </message>
    <message>
        <source>scan into this field, or type a code (write &lt;GS&gt; for the group separator) and Enter</source>
        <translation>in dieses Feld scannen oder einen Code eingeben (&lt;GS&gt; für das Gruppentrennzeichen) und Enter</translation>
    </message>
    <message>
        <source>Listen on serial scanner</source>
        <translation>Seriellen Scanner abhören</translation>
    </message>
    <message>
        <source>Raw bytes (hex)</source>
        <translation>Rohbytes (hex)</translation>
    </message>
    <message>
        <source>As received</source>
        <translation>Wie empfangen</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Interpretation</source>
        <translation>Auswertung</translation>
    </message>
    <message>
        <source>Scanners</source>
        <translation>Scanner</translation>
    </message>
    <message>
        <source>How this station&apos;s scanners frame a scan. Test a scanner below: each scan shows the bytes that arrived and what the station makes of them.</source>
        <translation>Wie die Scanner dieser Station einen Scan einrahmen. Unten einen Scanner testen: jeder Scan zeigt die angekommenen Bytes und was die Station daraus macht.</translation>
    </message>
    <message>
        <source>Scan test</source>
        <translation>Scantest</translation>
    </message>
    <message>
        <source>Give a reason for the change: it is journalled.</source>
        <translation>Einen Grund für die Änderung angeben: er wird protokolliert.</translation>
    </message>
    <message>
        <source>Saved ({what}); journalled at {value}.</source>
        <translation>Gespeichert ({what}); protokolliert um {value}.</translation>
    </message>
    <message>
        <source>Give the serial scanner&apos;s port first.</source>
        <translation>Zuerst den Port des seriellen Scanners angeben.</translation>
    </message>
    <message>
        <source>Listening on {port} — pull the trigger…</source>
        <translation>Höre an {port} — Abzug drücken…</translation>
    </message>
</context>
<context>
    <name>Screens</name>
    <message>
        <source>Users</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>Station</translation>
    </message>
    <message>
        <source>Welcome</source>
        <translation>Willkommen</translation>
    </message>
    <message>
        <source>Shift log</source>
        <translation>Schichtbuch</translation>
    </message>
    <message>
        <source>Exceptions</source>
        <translation>Abweichungen</translation>
    </message>
    <message>
        <source>Trace</source>
        <translation>Verfolgung</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Suche</translation>
    </message>
    <message>
        <source>Access</source>
        <translation>Zugriff</translation>
    </message>
    <message>
        <source>Instruments</source>
        <translation>Messgeräte</translation>
    </message>
    <message>
        <source>Scanners</source>
        <translation>Scanner</translation>
    </message>
    <message>
        <source>Station settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Receiving</source>
        <translation>Wareneingang</translation>
    </message>
    <message>
        <source>Materials</source>
        <translation>Material</translation>
    </message>
</context>
<context>
    <name>SearchWidget</name>
    <message>
        <source>Time ({zone})</source>
        <translation>Zeit ({zone})</translation>
    </message>
    <message>
        <source>accepted</source>
        <translation>angenommen</translation>
    </message>
    <message>
        <source>flagged</source>
        <translation>markiert</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Einheit</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Produkt</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Arbeitsgang</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>Station</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Werker</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>{status} · corrected</source>
        <translation>{status} · korrigiert</translation>
    </message>
    <message>
        <source>Scanned</source>
        <translation>Gescannt</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>Regel</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>(the capture)</source>
        <translation>(die Erfassung)</translation>
    </message>
    <message>
        <source>Unit serial</source>
        <translation>Seriennummer</translation>
    </message>
    <message>
        <source>UDI</source>
        <translation>UDI</translation>
    </message>
    <message>
        <source>Lot</source>
        <translation>Charge</translation>
    </message>
    <message>
        <source>Date range only</source>
        <translation>Nur Datumsbereich</translation>
    </message>
    <message>
        <source>Between</source>
        <translation>Zwischen</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Suche</translation>
    </message>
    <message>
        <source>and</source>
        <translation>und</translation>
    </message>
    <message>
        <source>Records</source>
        <translation>Datensätze</translation>
    </message>
    <message>
        <source>Refusals</source>
        <translation>Abweisungen</translation>
    </message>
    <message>
        <source>Find the records of a unit (by serial or its UDI), of a lot, or of an operator, within a date range if you like. Refusals lists every scan or capture the station turned away, with what was scanned and the rule; operators are told to report them.</source>
        <translation>Datensätze einer Einheit (nach Seriennummer oder UDI), einer Charge oder eines Werkers finden, auf Wunsch in einem Datumsbereich. Abweisungen listet jeden Scan und jede Erfassung, die die Station abgewiesen hat, mit dem Gescannten und der Regel; Werker sollen sie melden.</translation>
    </message>
    <message>
        <source>unit serial, e.g. SN-IP-200-7000001</source>
        <translation>Seriennummer der Einheit, z. B. SN-IP-200-7000001</translation>
    </message>
    <message>
        <source>scan or type the UDI, e.g. (01)…(21)SN-…</source>
        <translation>UDI scannen oder eingeben, z. B. (01)…(21)SN-…</translation>
    </message>
    <message>
        <source>our lot or the supplier&apos;s lot as printed</source>
        <translation>eigene Charge oder Lieferantencharge wie aufgedruckt</translation>
    </message>
    <message>
        <source>name, badge or user id</source>
        <translation>Name, Ausweis oder Benutzerkennung</translation>
    </message>
    <message>
        <source>choose the dates →</source>
        <translation>Daten wählen →</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Suche läuft…</translation>
    </message>
    <message>
        <source>Unreadable scan: {error}</source>
        <translation>Scan nicht lesbar: {error}</translation>
    </message>
    <message>
        <source>Records ({n})</source>
        <translation>Datensätze ({n})</translation>
    </message>
    <message>
        <source>Refusals ({n})</source>
        <translation>Abweisungen ({n})</translation>
    </message>
    <message>
        <source>{records} records and {refusals} refusals for {what}.</source>
        <translation>{records} Datensätze und {refusals} Abweisungen für {what}.</translation>
    </message>
    <message>
        <source>Only the newest {n} of each are shown: narrow the dates to see older ones.</source>
        <translation>Nur die neuesten {n} je Art werden gezeigt: für ältere den Datumsbereich eingrenzen.</translation>
    </message>
</context>
<context>
    <name>ShiftLogWidget</name>
    <message>
        <source>All shifts</source>
        <translation>Alle Schichten</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>Schicht</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <source>Open record…</source>
        <translation>Datensatz öffnen…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>Sign off shift…</source>
        <translation>Schicht unterschreiben…</translation>
    </message>
    <message>
        <source>Shift log</source>
        <translation>Schichtprotokoll</translation>
    </message>
    <message>
        <source>Every record of the line, newest shift first. Click a column to sort; double-click a record to see everything bound to it.</source>
        <translation>Jeder Datensatz der Linie, neueste Schicht zuerst. Auf eine Spalte klicken zum Sortieren; Doppelklick auf einen Datensatz zeigt alles, was dazu gebunden ist.</translation>
    </message>
    <message>
        <source>Choose a shift to see and give its sign-off.</source>
        <translation>Eine Schicht wählen, um ihre Unterschrift zu sehen und zu leisten.</translation>
    </message>
    <message>
        <source>{count} exceptions of this shift wait for a disposition.</source>
        <translation>{count} Abweichungen dieser Schicht warten auf eine Entscheidung.</translation>
    </message>
    <message>
        <source>{loaded} records loaded</source>
        <translation>{loaded} Datensätze geladen</translation>
    </message>
    <message>
        <source>{total} records · {loaded} shown{more}</source>
        <translation>{total} Datensätze · {loaded} angezeigt{more}</translation>
    </message>
    <message>
        <source>Could not read the records: {message}</source>
        <translation>Datensätze konnten nicht gelesen werden: {message}</translation>
    </message>
    <message>
        <source>Record {key} was made at station {station}: open it there.</source>
        <translation>Datensatz {key} wurde an Station {station} erfasst: dort öffnen.</translation>
    </message>
    <message>
        <source>Shift log — {shift}</source>
        <translation>Schichtprotokoll — {shift}</translation>
    </message>
    <message>
        <source>all shifts</source>
        <translation>alle Schichten</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Linie</translation>
    </message>
    <message>
        <source>Any</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source>This shift is not signed yet.</source>
        <translation>Diese Schicht ist noch nicht unterschrieben.</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>Station</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Werker</translation>
    </message>
    <message>
        <source>Work order</source>
        <translation>Auftrag</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>{n} records · printed {at} {zone} by {who} at station {station}</source>
        <translation>{n} Datensätze · gedruckt {at} {zone} von {who} an Station {station}</translation>
    </message>
    <message>
        <source>Only the first {n} records: narrow the filters to print the rest.</source>
        <translation>Nur die ersten {n} Datensätze: für den Rest die Filter eingrenzen.</translation>
    </message>
    <message>
        <source>Time ({zone})</source>
        <translation>Zeit ({zone})</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Einheit</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Produkt</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Arbeitsgang</translation>
    </message>
    <message>
        <source> · corrected</source>
        <translation> · korrigiert</translation>
    </message>
</context>
<context>
    <name>Shifts</name>
    <message>
        <source>{day} · shift {number} ({start}–{end} {zone})</source>
        <translation>{day} · Schicht {number} ({start}–{end} {zone})</translation>
    </message>
</context>
<context>
    <name>SignOffDialog</name>
    <message>
        <source>Sign off shift</source>
        <translation>Schicht unterschreiben</translation>
    </message>
    <message>
        <source>Reviewed — I checked these records</source>
        <translation>Geprüft — ich habe diese Datensätze kontrolliert</translation>
    </message>
    <message>
        <source>Approved — I release these records</source>
        <translation>Freigegeben — ich gebe diese Datensätze frei</translation>
    </message>
    <message>
        <source>(nobody logged in)</source>
        <translation>(niemand angemeldet)</translation>
    </message>
    <message>
        <source>your user name</source>
        <translation>Ihr Benutzername</translation>
    </message>
    <message>
        <source>re-enter your password</source>
        <translation>Passwort erneut eingeben</translation>
    </message>
    <message>
        <source>Printed name</source>
        <translation>Name in Druckschrift</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Benutzername</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <source>Sign</source>
        <translation>Unterschreiben</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>{open_exceptions} exceptions of this shift have no disposition yet. You may sign that you reviewed; approving the release waits until they are disposed of.</source>
        <translation>{open_exceptions} Abweichungen dieser Schicht sind noch nicht entschieden. Sie können die Prüfung unterschreiben; die Freigabe wartet, bis sie entschieden sind.</translation>
    </message>
    <message>
        <source>Meaning of this signature</source>
        <translation>Bedeutung dieser Unterschrift</translation>
    </message>
    <message>
        <source>Enter your user name and password to sign.</source>
        <translation>Zum Unterschreiben Benutzernamen und Passwort eingeben.</translation>
    </message>
    <message>
        <source>Signing…</source>
        <translation>Wird unterschrieben…</translation>
    </message>
</context>
<context>
    <name>Signatures</name>
    <message>
        <source>NOT countersigned by the plant, and it cannot be (no password proof)</source>
        <extracomment>Applied to each review/setup screen so they read well with or without the station&apos;s QSS.</extracomment>
        <translation>NICHT vom Werk gegengezeichnet, und das ist nicht möglich (kein Passwortnachweis)</translation>
    </message>
    <message>
        <source>countersigned by the plant {0}</source>
        <translation>vom Werk gegengezeichnet {0}</translation>
    </message>
    <message>
        <source>not yet countersigned by the plant</source>
        <translation>noch nicht vom Werk gegengezeichnet</translation>
    </message>
    <message>
        <source>the plant REFUSED to countersign it</source>
        <translation>das Werk hat die Gegenzeichnung ABGELEHNT</translation>
    </message>
</context>
<context>
    <name>SoundPlayer</name>
    <message>
        <source>sounds muted (LINESIDE_MUTE=1, the autopilot or a test)</source>
        <translation>Töne stumm (LINESIDE_MUTE=1, Autopilot oder Test)</translation>
    </message>
    <message>
        <source>sounds off: QtMultimedia is not installed (PySide6-Addons); refusals beep</source>
        <translation>Töne aus: QtMultimedia ist nicht installiert (PySide6-Addons); Abweisungen piepen</translation>
    </message>
    <message>
        <source>sounds off: this computer has no audio output device; refusals beep</source>
        <translation>Töne aus: dieser Rechner hat kein Audioausgabegerät; Abweisungen piepen</translation>
    </message>
    <message>
        <source>sounds on: {count} sounds through {device}</source>
        <translation>Töne an: {count} Töne über {device}</translation>
    </message>
</context>
<context>
    <name>StationSettingsWidget</name>
    <message>
        <source>Environment out of window, stale or missing</source>
        <translation>Umgebung außerhalb des Bereichs, veraltet oder fehlend</translation>
    </message>
    <message>
        <source>Reading from an instrument out of calibration</source>
        <translation>Messwert eines nicht kalibrierten Messgeräts</translation>
    </message>
    <message>
        <source>Reflow profile failed or missing</source>
        <translation>Lötprofil fehlgeschlagen oder fehlend</translation>
    </message>
    <message>
        <source>UDI not matching its device catalogue entry</source>
        <translation>UDI passt nicht zum Gerätekatalog</translation>
    </message>
    <message>
        <source>Subassembly this station has no record of, plant unreachable</source>
        <translation>Baugruppe ohne Datensatz an dieser Station, Werk nicht erreichbar</translation>
    </message>
    <message>
        <source>Block — refuse the record</source>
        <translation>Sperren — Datensatz abweisen</translation>
    </message>
    <message>
        <source>Flag — record it for review</source>
        <translation>Markieren — zur Prüfung buchen</translation>
    </message>
    <message>
        <source>added</source>
        <extracomment>What an instrument&apos;s configuration row says was done to it.</extracomment>
        <translation>hinzugefügt</translation>
    </message>
    <message>
        <source>changed</source>
        <translation>geändert</translation>
    </message>
    <message>
        <source>retired</source>
        <translation>außer Betrieb genommen</translation>
    </message>
    <message>
        <source>Instrument {id}: {action} (revision {revision})</source>
        <translation>Messgerät {id}: {action} (Revision {revision})</translation>
    </message>
    <message>
        <source>Calibration of {instrument}: due {due} ({certificate})</source>
        <translation>Kalibrierung von {instrument}: fällig {due} ({certificate})</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Linie</translation>
    </message>
    <message>
        <source>Allowed steps</source>
        <translation>Erlaubte Arbeitsgänge</translation>
    </message>
    <message>
        <source>reason for the change, e.g. CAPA-2026-031 (kept in the journal)</source>
        <translation>Grund der Änderung, z. B. CAPA-2026-031 (wird protokolliert)</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Save station settings</source>
        <translation>Stationseinstellungen speichern</translation>
    </message>
    <message>
        <source>When ({zone})</source>
        <translation>Wann ({zone})</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Wer</translation>
    </message>
    <message>
        <source>What changed</source>
        <translation>Was geändert wurde</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Station {station_id}</source>
        <translation>Station {station_id}</translation>
    </message>
    <message>
        <source>What this station may do and what happens when a rule is broken. A change takes effect for the next record and is journalled with your name and the time.</source>
        <translation>Was diese Station darf und was bei einem Regelverstoß geschieht. Eine Änderung gilt ab dem nächsten Datensatz und wird mit Ihrem Namen und der Zeit protokolliert.</translation>
    </message>
    <message>
        <source>Configuration changes at this station</source>
        <translation>Konfigurationsänderungen an dieser Station</translation>
    </message>
    <message>
        <source>Configuration revision {revision}</source>
        <translation>Konfigurationsrevision {revision}</translation>
    </message>
    <message>
        <source>Allow at least one step.</source>
        <translation>Mindestens einen Arbeitsgang erlauben.</translation>
    </message>
    <message>
        <source>Saved as configuration revision {revision}; the next record at {station} is checked with these rules.</source>
        <translation>Als Konfigurationsrevision {revision} gespeichert; der nächste Datensatz an {station} wird mit diesen Regeln geprüft.</translation>
    </message>
</context>
<context>
    <name>StationSetupWidget</name>
    <message>
        <source>Rules and history</source>
        <translation>Regeln und Verlauf</translation>
    </message>
    <message>
        <source>Environment windows</source>
        <translation>Umgebungsfenster</translation>
    </message>
    <message>
        <source>Code formats</source>
        <translation>Codeformate</translation>
    </message>
    <message>
        <source>Language and time</source>
        <translation>Sprache und Zeit</translation>
    </message>
</context>
<context>
    <name>TodayRecordsModel</name>
    <message>
        <source>corrected</source>
        <translation>korrigiert</translation>
    </message>
    <message>
        <source>{unit} by {operator} at {time} {zone}: {verdict}</source>
        <translation>{unit} von {operator} um {time} {zone}: {verdict}</translation>
    </message>
</context>
<context>
    <name>TraceWidget</name>
    <message>
        <source>Forward from a lot (where did it go?)</source>
        <translation>Vorwärts von einer Charge (wo ist sie hin?)</translation>
    </message>
    <message>
        <source>Backward from a unit serial or UDI (what is in it?)</source>
        <translation>Rückwärts von Seriennummer oder UDI (was ist darin?)</translation>
    </message>
    <message>
        <source>Trace</source>
        <translation>Rückverfolgung</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>CSV exportieren…</translation>
    </message>
    <message>
        <source>Export PDF…</source>
        <translation>PDF exportieren…</translation>
    </message>
    <message>
        <source>Scan or type a lot to see every unit it went into, or a unit serial or UDI to see every lot and subassembly in it.</source>
        <translation>Eine Charge scannen oder eingeben, um jede Einheit zu sehen, in die sie ging, oder eine Seriennummer oder UDI, um jede Charge und Baugruppe darin zu sehen.</translation>
    </message>
    <message>
        <source>Genealogy through subassemblies, from the station&apos;s records. Export the affected units as a recall impact list (CSV for systems, PDF for the file).</source>
        <translation>Stammbaum über Baugruppen, aus den Datensätzen der Station. Die betroffenen Einheiten als Rückrufliste exportieren (CSV für Systeme, PDF für die Akte).</translation>
    </message>
    <message>
        <source>lot, e.g. ML-000012</source>
        <translation>Charge, z. B. ML-000012</translation>
    </message>
    <message>
        <source>unit serial or UDI, e.g. (01)…(21)SN-…</source>
        <translation>Seriennummer oder UDI, z. B. (01)…(21)SN-…</translation>
    </message>
    <message>
        <source>Scan or type what to trace.</source>
        <translation>Scannen oder eingeben, was verfolgt werden soll.</translation>
    </message>
    <message>
        <source>Tracing {text}…</source>
        <translation>{text} wird verfolgt…</translation>
    </message>
    <message>
        <source>Unreadable scan: {exc}</source>
        <translation>Scan nicht lesbar: {exc}</translation>
    </message>
    <message>
        <source>Traced {at} {zone} at station {station} by {who}</source>
        <translation>Rückverfolgt {at} {zone} an Station {station} von {who}</translation>
    </message>
    <message>
        <source>Writing {name}…</source>
        <translation>{name} wird geschrieben…</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>Gespeichert: {path}</translation>
    </message>
</context>
<context>
    <name>UsersWidget</name>
    <message>
        <source>S10, S20=2027-06-30 (a step, = its last valid day)</source>
        <translation>S10, S20=2027-06-30 (Arbeitsgang, = letzter gültiger Tag)</translation>
    </message>
    <message>
        <source>station default</source>
        <translation>Standard der Station</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <source>reason for the change (required, journalled)</source>
        <translation>Grund der Änderung (Pflicht, wird protokolliert)</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Benutzername</translation>
    </message>
    <message>
        <source>Printed name</source>
        <translation>Name in Druckschrift</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <source>Badge</source>
        <translation>Ausweis</translation>
    </message>
    <message>
        <source>Qualifications</source>
        <translation>Qualifikationen</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <source>New account</source>
        <translation>Neues Konto</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Entsperren</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Konto</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>LOCKED</source>
        <translation>GESPERRT</translation>
    </message>
    <message>
        <source>Give a reason: it is journalled with the change.</source>
        <translation>Einen Grund angeben: er wird mit der Änderung protokolliert.</translation>
    </message>
    <message>
        <source>Choose an account and give a reason to unlock it.</source>
        <translation>Ein Konto wählen und einen Grund zum Entsperren angeben.</translation>
    </message>
</context>
<context>
    <name>Verdicts</name>
    <message>
        <source>accepted</source>
        <extracomment>A record&apos;s verdict as people say it (the record keeps the English word).</extracomment>
        <translation>angenommen</translation>
    </message>
    <message>
        <source>flagged</source>
        <translation>markiert</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>abgewiesen</translation>
    </message>
    <message>
        <source>superseded</source>
        <translation>ersetzt</translation>
    </message>
</context>
<context>
    <name>WorkInstructionsWidget</name>
    <message>
        <source>Work instruction</source>
        <translation>Arbeitsanweisung</translation>
    </message>
    <message>
        <source>Scan the work order sheet to see the step&apos;s instruction.</source>
        <translation>Fertigungsauftrag scannen, um die Anweisung des Schritts zu sehen.</translation>
    </message>
    <message>
        <source>This step has no work instruction.</source>
        <translation>Dieser Schritt hat keine Arbeitsanweisung.</translation>
    </message>
    <message>
        <source>The work instruction could not be read: {error}</source>
        <translation>Die Arbeitsanweisung konnte nicht gelesen werden: {error}</translation>
    </message>
</context>
</TS>
