<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es">
<context>
    <name>AccessPolicyWidget</name>
    <message>
        <source>Operators type a PIN after scanning their badge</source>
        <translation>Los operarios teclean un PIN tras escanear su tarjeta</translation>
    </message>
    <message>
        <source> failed log-ins (0: never lock)</source>
        <translation> inicios de sesión fallidos (0: no bloquear nunca)</translation>
    </message>
    <message>
        <source> characters</source>
        <translation> caracteres</translation>
    </message>
    <message>
        <source> last passwords may not be reused</source>
        <translation> últimas contraseñas no se pueden reutilizar</translation>
    </message>
    <message>
        <source> days (0: passwords do not age)</source>
        <translation> días (0: las contraseñas no caducan)</translation>
    </message>
    <message>
        <source> digits</source>
        <translation> dígitos</translation>
    </message>
    <message>
        <source>their own records</source>
        <translation>sus propios registros</translation>
    </message>
    <message>
        <source>any record</source>
        <translation>cualquier registro</translation>
    </message>
    <message>
        <source>no records</source>
        <translation>ningún registro</translation>
    </message>
    <message>
        <source>An operator&apos;s correction waits for a supervisor&apos;s signature</source>
        <translation>La corrección de un operario espera la firma de un supervisor</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>rechazado</translation>
    </message>
    <message>
        <source>allowed with each exception acknowledged</source>
        <translation>permitida con cada excepción reconocida</translation>
    </message>
    <message>
        <source>reason for the change (required, journalled)</source>
        <translation>motivo del cambio (obligatorio, queda anotado)</translation>
    </message>
    <message>
        <source>Save policy</source>
        <translation>Guardar la política</translation>
    </message>
    <message>
        <source>Badge log-in</source>
        <translation>Inicio de sesión con tarjeta</translation>
    </message>
    <message>
        <source>Lock an account after</source>
        <translation>Bloquear una cuenta tras</translation>
    </message>
    <message>
        <source>Passwords: at least</source>
        <translation>Contraseñas: al menos</translation>
    </message>
    <message>
        <source>Password history</source>
        <translation>Historial de contraseñas</translation>
    </message>
    <message>
        <source>Password ageing</source>
        <translation>Caducidad de contraseñas</translation>
    </message>
    <message>
        <source>PINs: at least</source>
        <translation>PIN: al menos</translation>
    </message>
    <message>
        <source>Operators may correct</source>
        <translation>Los operarios pueden corregir</translation>
    </message>
    <message>
        <source>Supervisors may correct</source>
        <translation>Los supervisores pueden corregir</translation>
    </message>
    <message>
        <source>Approval</source>
        <translation>Aprobación</translation>
    </message>
    <message>
        <source>Releasing with open exceptions is</source>
        <translation>Liberar con excepciones abiertas está</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <source>Access policy of this station</source>
        <translation>Política de acceso de esta estación</translation>
    </message>
    <message>
        <source>Give a reason: it is journalled with the change.</source>
        <translation>Indique un motivo: queda anotado con el cambio.</translation>
    </message>
    <message>
        <source>The access policy is saved; journalled with the reason.</source>
        <translation>La política de acceso está guardada; registrada con el motivo.</translation>
    </message>
</context>
<context>
    <name>AccessWidget</name>
    <message>
        <source>User</source>
        <translation>Usuario</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Usuario</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rol</translation>
    </message>
    <message>
        <source>Failed log-ins</source>
        <translation>Inicios de sesión fallidos</translation>
    </message>
    <message>
        <source>reason (required, journalled)</source>
        <translation>motivo (obligatorio, se registra)</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Desbloquear</translation>
    </message>
    <message>
        <source>Locked accounts</source>
        <translation>Cuentas bloqueadas</translation>
    </message>
    <message>
        <source>Asked at</source>
        <translation>Solicitada a las</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Por</translation>
    </message>
    <message>
        <source>Corrects record</source>
        <translation>Corrige el registro</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <source>your user name</source>
        <translation>su usuario</translation>
    </message>
    <message>
        <source>your password</source>
        <translation>su contraseña</translation>
    </message>
    <message>
        <source>Approve — second signature</source>
        <translation>Aprobar — segunda firma</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Usuario</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Contraseña</translation>
    </message>
    <message>
        <source>Corrections waiting for approval</source>
        <translation>Correcciones pendientes de aprobación</translation>
    </message>
    <message>
        <source>Choose a locked account and give a reason to unlock it.</source>
        <translation>Elija una cuenta bloqueada e indique un motivo para desbloquearla.</translation>
    </message>
    <message>
        <source>{name} is unlocked; journalled with the reason.</source>
        <translation>{name} está desbloqueado; registrado con el motivo.</translation>
    </message>
    <message>
        <source>Choose a correction and sign with your user name and password.</source>
        <translation>Elija una corrección y firme con su nombre de usuario y contraseña.</translation>
    </message>
    <message>
        <source>The correction is approved with your signature and now takes effect.</source>
        <translation>La corrección queda aprobada con su firma y surte efecto ahora.</translation>
    </message>
</context>
<context>
    <name>AdministrationWidget</name>
    <message>
        <source>Accounts</source>
        <translation>Cuentas</translation>
    </message>
    <message>
        <source>Locks and approvals</source>
        <translation>Bloqueos y aprobaciones</translation>
    </message>
    <message>
        <source>Access policy</source>
        <translation>Política de acceso</translation>
    </message>
</context>
<context>
    <name>CalibrationWidget</name>
    <message>
        <source>certificate number, e.g. DAkkS D-K-15070 2026-1142</source>
        <translation>número de certificado, p. ej. DAkkS D-K-15070 2026-1142</translation>
    </message>
    <message>
        <source>laboratory or person</source>
        <translation>laboratorio o persona</translation>
    </message>
    <message>
        <source>Record calibration</source>
        <translation>Registrar calibración</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Magnitud</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Referencia</translation>
    </message>
    <message>
        <source>As found</source>
        <translation>Como se encontró</translation>
    </message>
    <message>
        <source>As left</source>
        <translation>Como se dejó</translation>
    </message>
    <message>
        <source>Tolerance ±</source>
        <translation>Tolerancia ±</translation>
    </message>
    <message>
        <source>One row per test point; leave a row empty when there are fewer points.</source>
        <translation>Una fila por punto de prueba; deje una fila vacía si hay menos puntos.</translation>
    </message>
    <message>
        <source>Performed on</source>
        <translation>Realizada el</translation>
    </message>
    <message>
        <source>Due on</source>
        <translation>Vence el</translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation>Certificado</translation>
    </message>
    <message>
        <source>Performed by</source>
        <translation>Realizada por</translation>
    </message>
    <message>
        <source>Test points</source>
        <translation>Puntos de prueba</translation>
    </message>
    <message>
        <source>New calibration</source>
        <translation>Nueva calibración</translation>
    </message>
    <message>
        <source>Test point {row}: give the quantity, reference, as-found, as-left and tolerance as numbers</source>
        <translation>Punto de prueba {row}: indique la magnitud, la referencia, el valor encontrado, el dejado y la tolerancia como números</translation>
    </message>
    <message>
        <source>value</source>
        <translation>valor</translation>
    </message>
</context>
<context>
    <name>ChecklistModel</name>
    <message>
        <source>scan it</source>
        <translation>escanéelo</translation>
    </message>
    <message>
        <source>complete</source>
        <translation>completo</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>falta</translation>
    </message>
</context>
<context>
    <name>CodeFormatsWidget</name>
    <message>
        <source>Badge</source>
        <extracomment>The plain codes a station tells apart, as the technician reads them.</extracomment>
        <translation>Tarjeta</translation>
    </message>
    <message>
        <source>Lot</source>
        <translation>Lote</translation>
    </message>
    <message>
        <source>Work order</source>
        <translation>Orden</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Operación</translation>
    </message>
    <message>
        <source>Serial</source>
        <translation>Número de serie</translation>
    </message>
    <message>
        <source>regular expression, whole code</source>
        <translation>expresión regular, código completo</translation>
    </message>
    <message>
        <source>Refuse lots and UDIs typed by hand (scanner only)</source>
        <translation>Rechazar lotes y UDI tecleados a mano (solo escáner)</translation>
    </message>
    <message>
        <source>UDI agencies read</source>
        <translation>Agencias UDI que se leen</translation>
    </message>
    <message>
        <source>type or scan a code to see how this station reads it with the settings above</source>
        <translation>teclee o escanee un código para ver cómo lo lee esta estación con los ajustes de arriba</translation>
    </message>
    <message>
        <source>reason for the change, e.g. HIBCC labels from the new supplier</source>
        <translation>motivo del cambio, p. ej. etiquetas HIBCC del nuevo proveedor</translation>
    </message>
    <message>
        <source>Save code formats</source>
        <translation>Guardar formatos de código</translation>
    </message>
    <message>
        <source>Defaults</source>
        <translation>Valores por defecto</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <source>Code formats at {station}</source>
        <translation>Formatos de código en {station}</translation>
    </message>
    <message>
        <source>Which plain codes mean a lot, a badge, a work order, a step or a serial, and which UDI agencies the station reads. Test a code below before saving: it is read with the settings as they stand on this screen.</source>
        <translation>Qué códigos simples significan un lote, una credencial, una orden de trabajo, un paso o un número de serie, y qué agencias UDI lee la estación. Pruebe un código abajo antes de guardar: se lee con los ajustes tal como están en esta pantalla.</translation>
    </message>
    <message>
        <source>Test a code</source>
        <translation>Probar un código</translation>
    </message>
    <message>
        <source>Nothing changed: nothing was journalled.</source>
        <translation>Nada cambió: no se registró nada en el diario.</translation>
    </message>
    <message>
        <source>Saved as configuration revision {revision}; the next scan is read with it.</source>
        <translation>Guardado como revisión de configuración {revision}; el próximo escaneo se lee con ella.</translation>
    </message>
</context>
<context>
    <name>CorrectionDialog</name>
    <message>
        <source>Correct the record of {unit}</source>
        <translation>Corregir el registro de {unit}</translation>
    </message>
    <message>
        <source>why (required), e.g. wrong battery lot scanned</source>
        <translation>motivo (obligatorio), p. ej. lote de batería equivocado</translation>
    </message>
    <message>
        <source>— no component replaced —</source>
        <translation>— ningún componente cambiado —</translation>
    </message>
    <message>
        <source>scan or type the right lot</source>
        <translation>escanee o teclee el lote correcto</translation>
    </message>
    <message>
        <source>Record {key}</source>
        <translation>Registro {key}</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <source>Replace component</source>
        <translation>Cambiar componente</translation>
    </message>
    <message>
        <source>With</source>
        <translation>Por</translation>
    </message>
    <message>
        <source>Give the reason for the correction.</source>
        <translation>Indique el motivo de la corrección.</translation>
    </message>
    <message>
        <source>Scan or type the lot that replaces {old}, or choose no component.</source>
        <translation>Escanee o teclee el lote que sustituye a {old}, o elija ningún componente.</translation>
    </message>
    <message>
        <source>{new} is the component already recorded: scan the right one.</source>
        <translation>{new} es el componente ya registrado: escanee el correcto.</translation>
    </message>
</context>
<context>
    <name>Counts</name>
    <message>
        <source>no records yet</source>
        <extracomment>The languages a station or a user may choose, as their speakers name them.</extracomment>
        <translation>sin registros</translation>
    </message>
    <message numerus="yes">
        <source>%n record(s)</source>
        <translation>
            <numerusform>%n registro</numerusform>
            <numerusform>%n registros</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DemoScannerWidget</name>
    <message>
        <source>Simulated scanner</source>
        <translation>Escáner simulado</translation>
    </message>
    <message>
        <source>log in first (type BDG-1002 and Enter), then scan labels here</source>
        <translation>entre primero (teclee BDG-1002 e Intro) y luego escanee etiquetas aquí</translation>
    </message>
    <message>
        <source>Scan next label</source>
        <translation>Siguiente etiqueta</translation>
    </message>
    <message>
        <source>Scan a quarantined lot</source>
        <translation>Lote en cuarentena</translation>
    </message>
    <message>
        <source>Scan the whole unit</source>
        <translation>Unidad completa</translation>
    </message>
    <message>
        <source>reflowing ten demo boards at SMT-01…</source>
        <translation>refundiendo diez placas de demostración en SMT-01…</translation>
    </message>
    <message>
        <source>the simulated scanner cannot prepare units: {message}</source>
        <translation>el escáner simulado no puede preparar unidades: {message}</translation>
    </message>
    <message>
        <source>scanned {what}</source>
        <translation>escaneado: {what}</translation>
    </message>
    <message>
        <source>scanned quarantined lot {bad_lot}</source>
        <translation>escaneado el lote en cuarentena {bad_lot}</translation>
    </message>
    <message>
        <source>scanned the {len} remaining labels of the unit</source>
        <translation>escaneadas las {len} etiquetas restantes de la unidad</translation>
    </message>
</context>
<context>
    <name>EnvValueWidget</name>
    <message>
        <source>no reading</source>
        <translation>sin lectura</translation>
    </message>
    <message>
        <source>window {window} · no instrument reports it</source>
        <translation>margen {window} · ningún instrumento da el valor</translation>
    </message>
    <message>
        <source>cal. until {date}</source>
        <translation>cal. hasta {date}</translation>
    </message>
    <message>
        <source>calibrated</source>
        <translation>calibrado</translation>
    </message>
    <message>
        <source>cal. due {date}</source>
        <translation>cal. vence {date}</translation>
    </message>
    <message>
        <source>cal. OVERDUE since {date}</source>
        <translation>cal. VENCIDA desde {date}</translation>
    </message>
    <message>
        <source>not calibrated</source>
        <translation>sin calibrar</translation>
    </message>
    <message>
        <source>{window} · {age} s ago · {calibration}</source>
        <translation>{window} · hace {age} s · {calibration}</translation>
    </message>
    <message>
        <source>{quantity}: no instrument reports it</source>
        <translation>{quantity}: ningún instrumento da el valor</translation>
    </message>
    <message>
        <source>{instrument}: {quantity} {value} {unit}, window {window}</source>
        <translation>{instrument}: {quantity} {value} {unit}, margen {window}</translation>
    </message>
    <message>
        <source>any value</source>
        <translation>cualquier valor</translation>
    </message>
</context>
<context>
    <name>EnvironmentPanelWidget</name>
    <message>
        <source>Environment</source>
        <translation>Ambiente</translation>
    </message>
    <message>
        <source>simulated (no instrument drivers)</source>
        <translation>simulado (sin controladores de instrumentos)</translation>
    </message>
    <message>
        <source>simulated instruments</source>
        <translation>instrumentos simulados</translation>
    </message>
    <message>
        <source>simulated instruments on virtual serial ports</source>
        <translation>instrumentos simulados en puertos serie virtuales</translation>
    </message>
    <message>
        <source>live instruments</source>
        <translation>instrumentos conectados</translation>
    </message>
</context>
<context>
    <name>EnvironmentWindowsWidget</name>
    <message>
        <source>Product</source>
        <translation>Producto</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Operación</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Magnitud</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>Mín.</translation>
    </message>
    <message>
        <source>High</source>
        <translation>Máx.</translation>
    </message>
    <message>
        <source>Max age (s)</source>
        <translation>Antigüedad máx. (s)</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Unidad</translation>
    </message>
    <message>
        <source>Instrument</source>
        <translation>Instrumento</translation>
    </message>
    <message>
        <source>Alarm window</source>
        <translation>Ventana de alarma</translation>
    </message>
    <message>
        <source>Max age</source>
        <translation>Antigüedad máx.</translation>
    </message>
    <message>
        <source>reason for the change, e.g. CAPA-2026-044 (kept in the journal)</source>
        <translation>motivo del cambio, p. ej. CAPA-2026-044 (se guarda en el diario)</translation>
    </message>
    <message>
        <source>Save windows</source>
        <translation>Guardar ventanas</translation>
    </message>
    <message>
        <source>Undo edits</source>
        <translation>Deshacer cambios</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <source>Environment windows at {station}</source>
        <translation>Ventanas ambientales en {station}</translation>
    </message>
    <message>
        <source>What each step of this station requires of the environment: the operator&apos;s panel and every record are checked against these. Double-click a limit to change it (empty: no limit); a change needs a reason and is journalled with your name.</source>
        <translation>Lo que cada paso de esta estación exige del ambiente: el panel del operario y cada registro se comprueban con estos valores. Haga doble clic en un límite para cambiarlo (vacío: sin límite); un cambio necesita un motivo y se registra en el diario con su nombre.</translation>
    </message>
    <message>
        <source>Windows per step</source>
        <translation>Ventanas por paso</translation>
    </message>
    <message>
        <source>Alarm windows per instrument (set in Instruments)</source>
        <translation>Ventanas de alarma por instrumento (se ajustan en Instrumentos)</translation>
    </message>
    <message>
        <source>No instrument of this station has alarm windows set.</source>
        <translation>Ningún instrumento de esta estación tiene ventanas de alarma.</translation>
    </message>
    <message>
        <source>{step} {quantity}: type numbers (or leave a limit empty)</source>
        <translation>{step} {quantity}: escriba números (o deje un límite vacío)</translation>
    </message>
    <message>
        <source>Saved: {n} step(s) changed; the next record is checked against them.</source>
        <translation>Guardado: {n} paso(s) cambiado(s); el próximo registro se comprueba con ellos.</translation>
    </message>
    <message>
        <source>Nothing changed: nothing was journalled.</source>
        <translation>Nada cambió: no se registró nada en el diario.</translation>
    </message>
</context>
<context>
    <name>ExceptionModel</name>
    <message>
        <source>{decision} by {name}</source>
        <translation>{decision} por {name}</translation>
    </message>
    <message>
        <source>open</source>
        <translation>abierta</translation>
    </message>
    <message>
        <source>environment</source>
        <extracomment>Why an item is in the exception queue and what was decided, as the supervisor reads it.</extracomment>
        <translation>ambiente</translation>
    </message>
    <message>
        <source>calibration</source>
        <translation>calibración</translation>
    </message>
    <message>
        <source>stale reading</source>
        <translation>lectura caducada</translation>
    </message>
    <message>
        <source>profile</source>
        <translation>perfil</translation>
    </message>
    <message>
        <source>overridden block</source>
        <translation>bloqueo anulado</translation>
    </message>
    <message>
        <source>line conflict</source>
        <translation>conflicto de línea</translation>
    </message>
    <message>
        <source>other</source>
        <translation>otro</translation>
    </message>
    <message>
        <source>accept</source>
        <translation>aceptar</translation>
    </message>
    <message>
        <source>rework</source>
        <translation>retrabajo</translation>
    </message>
    <message>
        <source>quarantine</source>
        <translation>cuarentena</translation>
    </message>
    <message>
        <source>scrap</source>
        <translation>desechar</translation>
    </message>
    <message>
        <source>concession</source>
        <translation>concesión</translation>
    </message>
</context>
<context>
    <name>ExceptionQueueWidget</name>
    <message>
        <source>Accept — use as is (no effect on the unit)</source>
        <translation>Aceptar — usar tal cual (sin efecto en la unidad)</translation>
    </message>
    <message>
        <source>Rework — send the unit back</source>
        <translation>Retrabajo — devolver la unidad</translation>
    </message>
    <message>
        <source>Quarantine — hold for quality</source>
        <translation>Cuarentena — retener para calidad</translation>
    </message>
    <message>
        <source>Scrap</source>
        <translation>Desechar</translation>
    </message>
    <message>
        <source>All shifts</source>
        <translation>Todos los turnos</translation>
    </message>
    <message>
        <source>Show disposed too</source>
        <translation>Mostrar también los decididos</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>Turno</translation>
    </message>
    <message>
        <source>Select an exception to dispose of it.</source>
        <translation>Elija una incidencia para decidir sobre ella.</translation>
    </message>
    <message>
        <source>Choose a decision…</source>
        <translation>Elija una decisión…</translation>
    </message>
    <message>
        <source>Why: what you checked and what it means for the unit (required)</source>
        <translation>Por qué: qué comprobó y qué significa para la unidad (obligatorio)</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Nombre de usuario</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Contraseña</translation>
    </message>
    <message>
        <source>Record disposition</source>
        <translation>Registrar decisión</translation>
    </message>
    <message>
        <source>Open record…</source>
        <translation>Abrir registro…</translation>
    </message>
    <message>
        <source>Disposition</source>
        <translation>Decisión</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>Decisión</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Comentario</translation>
    </message>
    <message>
        <source>Sign with your user name and password</source>
        <translation>Firme con su nombre de usuario y contraseña</translation>
    </message>
    <message>
        <source>Exception queue</source>
        <translation>Incidencias</translation>
    </message>
    <message>
        <source>Records flagged for environment out of window, stale or out-of-calibration readings, failed reflow profiles and line conflicts. Dispose of each with a comment; the disposition is journalled with your name.</source>
        <translation>Registros con aviso: ambiente fuera de margen, lecturas caducadas o sin calibrar, perfiles de refusión fallidos y conflictos de línea. Decida sobre cada uno con un comentario; la decisión queda anotada con su nombre.</translation>
    </message>
    <message>
        <source>Line conflict</source>
        <translation>Conflicto de línea</translation>
    </message>
    <message>
        <source>✔ Disposition recorded: {decision} for {unit}, signed with your name.</source>
        <translation>✔ Decisión registrada: {decision} para {unit}, firmada con su nombre.</translation>
    </message>
    <message>
        <source>{open_items} open</source>
        <translation>{open_items} abiertas</translation>
    </message>
    <message>
        <source>Close it with a signature</source>
        <translation>Cierre con firma</translation>
    </message>
    <message>
        <source> · {len} shown</source>
        <translation> · {len} mostradas</translation>
    </message>
    <message>
        <source>Nothing to dispose of: the queue is empty. ✔</source>
        <translation>Nada que decidir: la lista está vacía. ✔</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Registro</translation>
    </message>
    <message>
        <source>Reflow profile</source>
        <translation>Perfil de refusión</translation>
    </message>
    <message>
        <source>Record of another station (dispose of it there)</source>
        <translation>Registro de otra estación (decidir allí)</translation>
    </message>
    <message>
        <source>Conflict raised at the plant</source>
        <translation>Conflicto detectado por la planta</translation>
    </message>
    <message>
        <source>{get} of {value} at {station}, {when}</source>
        <translation>{get} de {value} en {station}, {when}</translation>
    </message>
    <message>
        <source>Disposed: {decision} by {name} at {when} — {comment}</source>
        <translation>Decidido: {decision} por {name} el {when} — {comment}</translation>
    </message>
    <message>
        <source>Recording…</source>
        <translation>Registrando…</translation>
    </message>
    <message>
        <source>Choose a decision for this item, then record it.</source>
        <translation>Elija una decisión para este caso y regístrela.</translation>
    </message>
</context>
<context>
    <name>FeedbackWidget</name>
    <message>
        <source>Ready</source>
        <translation>Listo</translation>
    </message>
    <message>
        <source>Scan the unit&apos;s UDI label to start.</source>
        <translation>Escanee la etiqueta UDI de la unidad para empezar.</translation>
    </message>
</context>
<context>
    <name>Headers</name>
    <message>
        <source>Part</source>
        <translation>Pieza</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Descripción</translation>
    </message>
    <message>
        <source>Scanned</source>
        <translation>Escaneado</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Hora</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Unidad</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <source>Time ({zone})</source>
        <translation>Hora ({zone})</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Usuario</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Usuario</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rol</translation>
    </message>
    <message>
        <source>Badge</source>
        <translation>Tarjeta</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Activa</translation>
    </message>
    <message>
        <source>Qualifications (expiry)</source>
        <translation>Cualificaciones (caducidad)</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>Bloqueada</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Producto</translation>
    </message>
    <message>
        <source>Work order</source>
        <translation>Orden</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Operación</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>Puesto</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Operario</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <source>Disposition</source>
        <translation>Decisión</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Elemento</translation>
    </message>
    <message>
        <source>Part / product</source>
        <translation>Pieza / producto</translation>
    </message>
    <message>
        <source>Operator / supplier</source>
        <translation>Operario / proveedor</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Instrument</source>
        <translation>Instrumento</translation>
    </message>
    <message>
        <source>Driver</source>
        <translation>Controlador</translation>
    </message>
    <message>
        <source>Calibration</source>
        <translation>Calibración</translation>
    </message>
    <message>
        <source>Poll</source>
        <translation>Consulta</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Puerto</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Magnitud</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>Mín.</translation>
    </message>
    <message>
        <source>High</source>
        <translation>Máx.</translation>
    </message>
    <message>
        <source>Max age (s)</source>
        <translation>Antigüedad máx. (s)</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Valor</translation>
    </message>
    <message>
        <source>Quality</source>
        <translation>Calidad</translation>
    </message>
    <message>
        <source>Read at</source>
        <translation>Leído</translation>
    </message>
    <message>
        <source>Recorded</source>
        <translation>Registrada</translation>
    </message>
    <message>
        <source>Raw</source>
        <translation>Bruto</translation>
    </message>
    <message>
        <source>Performed</source>
        <translation>Realizada</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Vence</translation>
    </message>
    <message>
        <source>As found</source>
        <translation>Como se encontró</translation>
    </message>
    <message>
        <source>As left</source>
        <translation>Como se dejó</translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation>Certificado</translation>
    </message>
    <message>
        <source>Performed by</source>
        <translation>Realizada por</translation>
    </message>
</context>
<context>
    <name>HealthWidget</name>
    <message>
        <source>no sound player</source>
        <translation>sin reproductor de sonido</translation>
    </message>
    <message>
        <source>Station health</source>
        <translation>Estado del puesto</translation>
    </message>
    <message>
        <source>What this station runs and what it can do.</source>
        <translation>Qué ejecuta este puesto y qué puede hacer.</translation>
    </message>
    <message>
        <source>Sounds</source>
        <translation>Sonidos</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>Base de datos</translation>
    </message>
    <message>
        <source>Installed versions</source>
        <translation>Versiones instaladas</translation>
    </message>
</context>
<context>
    <name>InstrumentFormWidget</name>
    <message>
        <source>e.g. hmt-fa01 (no spaces)</source>
        <translation>p. ej. hmt-fa01 (sin espacios)</translation>
    </message>
    <message>
        <source>what it is and where, e.g. Vaisala HMT330 above FA-01</source>
        <translation>qué es y dónde, p. ej. Vaisala HMT330 sobre FA-01</translation>
    </message>
    <message>
        <source>Refresh ports</source>
        <translation>Actualizar puertos</translation>
    </message>
    <message>
        <source>Line settings as the manual writes them: &apos;4800 7E1&apos;, &apos;9600 8N1&apos;</source>
        <translation>Parámetros de línea como en el manual: &apos;4800 7E1&apos;, &apos;9600 8N1&apos;</translation>
    </message>
    <message>
        <source>{&quot;registers&quot;: [...]}  driver options as JSON: register map, scaling, FORM string</source>
        <translation>{&quot;registers&quot;: [...]}  opciones del controlador en JSON: mapa de registros, escala, cadena FORM</translation>
    </message>
    <message>
        <source>+ window</source>
        <translation>+ margen</translation>
    </message>
    <message>
        <source>− window</source>
        <translation>− margen</translation>
    </message>
    <message>
        <source>reason for the change (kept in the journal)</source>
        <translation>motivo del cambio (queda en el registro)</translation>
    </message>
    <message>
        <source>Instrument id</source>
        <translation>Id del instrumento</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Usuario</translation>
    </message>
    <message>
        <source>Driver</source>
        <translation>Controlador</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Puerto</translation>
    </message>
    <message>
        <source>Serial settings</source>
        <translation>Parámetros serie</translation>
    </message>
    <message>
        <source>Poll interval</source>
        <translation>Intervalo de consulta</translation>
    </message>
    <message>
        <source>Stale after</source>
        <translation>Caduca tras</translation>
    </message>
    <message>
        <source>Driver options</source>
        <translation>Opciones del controlador</translation>
    </message>
    <message>
        <source>Alarm windows</source>
        <translation>Márgenes de alarma</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <source>{summary} Quantities: {quantities}.</source>
        <translation>{summary} Magnitudes: {quantities}.</translation>
    </message>
</context>
<context>
    <name>InstrumentModel</name>
    <message>
        <source>valid</source>
        <extracomment>Each calibration state in words (translated where shown).</extracomment>
        <translation>válida</translation>
    </message>
    <message>
        <source>due soon</source>
        <translation>vence pronto</translation>
    </message>
    <message>
        <source>overdue</source>
        <translation>vencida</translation>
    </message>
    <message>
        <source>never calibrated</source>
        <translation>nunca calibrado</translation>
    </message>
    <message>
        <source>{state} · due {date}</source>
        <translation>{state} · vence {date}</translation>
    </message>
</context>
<context>
    <name>InstrumentsWidget</name>
    <message>
        <source>Add instrument</source>
        <translation>Añadir instrumento</translation>
    </message>
    <message>
        <source>No instruments are configured at this station yet: add one.</source>
        <translation>Todavía no hay instrumentos configurados en este puesto: añada uno.</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>Probar conexión</translation>
    </message>
    <message>
        <source>Retire</source>
        <translation>Dar de baja</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Guardar</translation>
    </message>
    <message>
        <source>Configuration</source>
        <translation>Configuración</translation>
    </message>
    <message>
        <source>Live readings</source>
        <translation>Lecturas en vivo</translation>
    </message>
    <message>
        <source>Calibration</source>
        <translation>Calibración</translation>
    </message>
    <message>
        <source>Instruments</source>
        <translation>Instrumentos</translation>
    </message>
    <message>
        <source>Transmitters and analysers feeding station {station_id}. Every change and calibration is journalled with your name and the time.</source>
        <translation>Transmisores y analizadores que alimentan el puesto {station_id}. Cada cambio y calibración queda anotado con su nombre y la hora.</translation>
    </message>
    <message>
        <source>Revision {revision}.</source>
        <translation>Revisión {revision}.</translation>
    </message>
    <message>
        <source>Saved {id}, revision {revision} (journalled as a config change by {who}).</source>
        <translation>{id} guardado, revisión {revision} (anotado como cambio de configuración por {who}).</translation>
    </message>
    <message>
        <source>Testing {driver} on {value}…</source>
        <translation>Probando {driver} en {value}…</translation>
    </message>
    <message>
        <source>Connected ({status}). Raw: {raw} → {values}</source>
        <translation>Conectado ({status}). En bruto: {raw} → {values}</translation>
    </message>
</context>
<context>
    <name>LeavingUnitWords</name>
    <message numerus="yes">
        <source>{action} and discard %n scanned part(s) of unit {unit}?</source>
        <translation>
            <numerusform>¿{action} y descartar %n pieza escaneada de la unidad {unit}?</numerusform>
            <numerusform>¿{action} y descartar %n piezas escaneadas de la unidad {unit}?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{action} and discard %n scanned part(s) of this unit?</source>
        <translation>
            <numerusform>¿{action} y descartar %n pieza escaneada de esta unidad?</numerusform>
            <numerusform>¿{action} y descartar %n piezas escaneadas de esta unidad?</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing of this unit is recorded yet. Esc keeps the scans.</source>
        <translation>De esta unidad todavía no hay nada registrado. Esc conserva las lecturas.</translation>
    </message>
    <message>
        <source>{action}, discard</source>
        <translation>{action} y descartar</translation>
    </message>
    <message>
        <source>Keep the scans</source>
        <translation>Conservar las lecturas</translation>
    </message>
</context>
<context>
    <name>LineScope</name>
    <message>
        <source>Whole line, read from the plant.</source>
        <translation>Toda la línea, leída de la base de datos de planta.</translation>
    </message>
    <message>
        <source>This station only — plant not reachable: {reason}</source>
        <translation>Solo esta estación — planta no accesible: {reason}</translation>
    </message>
</context>
<context>
    <name>LiveReadingsWidget</name>
    <message>
        <source>Start live readings</source>
        <translation>Iniciar lecturas en vivo</translation>
    </message>
    <message>
        <source>Not reading.</source>
        <translation>Sin lectura.</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Parar</translation>
    </message>
    <message>
        <source>Reading {id} on {port}…</source>
        <translation>Leyendo {id} en {port}…</translation>
    </message>
</context>
<context>
    <name>LocaleSettingsWidget</name>
    <message>
        <source>this PC&apos;s own zone</source>
        <translation>zona horaria de este PC</translation>
    </message>
    <message>
        <source>reason for the change (kept in the journal)</source>
        <translation>motivo del cambio (queda en el registro)</translation>
    </message>
    <message>
        <source>Save language and time</source>
        <translation>Guardar idioma y hora</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
    <message>
        <source>Time zone</source>
        <translation>Zona horaria</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <source>Language and time at station {id}</source>
        <translation>Idioma y hora en el puesto {id}</translation>
    </message>
    <message>
        <source>The language of the station&apos;s screens, and the time zone every time at this station is shown in (records stay in UTC). Both apply from the station&apos;s next start.</source>
        <translation>El idioma de las pantallas del puesto y la zona horaria en la que se muestra cada hora aquí (los registros siguen en UTC). Ambos se aplican desde el próximo arranque del puesto.</translation>
    </message>
    <message>
        <source>Saved: {language}, {zone}. Restart the station for it to apply.</source>
        <translation>Guardado: {language}, {zone}. Reinicie el puesto para aplicarlo.</translation>
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
        <translation>Puesto {id} · {name}</translation>
    </message>
    <message>
        <source>Scan your badge</source>
        <translation>Escanee su tarjeta</translation>
    </message>
    <message>
        <source>Operators: hold your badge under the scanner.</source>
        <translation>Operarios: ponga la tarjeta bajo el escáner.</translation>
    </message>
    <message>
        <source>or type the badge number and press Enter</source>
        <translation>o teclee el número de tarjeta y pulse Intro</translation>
    </message>
    <message>
        <source>PIN, then Enter</source>
        <translation>PIN y luego Intro</translation>
    </message>
    <message>
        <source>Staff log-in</source>
        <translation>Acceso de personal</translation>
    </message>
    <message>
        <source>Supervisors, technicians and administrators.</source>
        <translation>Supervisores, técnicos y administradores.</translation>
    </message>
    <message>
        <source>user name</source>
        <translation>usuario</translation>
    </message>
    <message>
        <source>password</source>
        <translation>contraseña</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>Entrar</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Usuario</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Contraseña</translation>
    </message>
    <message>
        <source>Enter your user name and password.</source>
        <translation>Introduzca su usuario y contraseña.</translation>
    </message>
    <message>
        <source>{name}: enter your PIN</source>
        <translation>{name}: introduzca su PIN</translation>
    </message>
    <message>
        <source>Log-in failed: {error}</source>
        <translation>No se pudo entrar: {error}</translation>
    </message>
    <message>
        <source>logged out</source>
        <extracomment>Why a user was logged out, as the session journals it, in the reader&apos;s language.</extracomment>
        <translation>sesión cerrada</translation>
    </message>
    <message>
        <source>station closed</source>
        <translation>puesto cerrado</translation>
    </message>
    <message>
        <source>another user logged in</source>
        <translation>ha entrado otro usuario</translation>
    </message>
    <message>
        <source>not qualified for the new step</source>
        <translation>sin cualificación para la nueva operación</translation>
    </message>
    <message>
        <source>upstream boards provisioned</source>
        <translation>placas previas preparadas</translation>
    </message>
    <message>
        <source>logged out after {minutes} min without input</source>
        <translation>sesión cerrada tras {minutes} min sin actividad</translation>
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
        <translation>{id} · {name} · línea {line}</translation>
    </message>
    <message>
        <source>Demo · operators: badges BDG-1001 … BDG-1012 (type one and press Enter) · staff: supervisor, technician or admin with password lineside-demo</source>
        <translation>Demo · operarios: tarjetas BDG-1001 … BDG-1012 (teclee una y pulse Intro) · personal: supervisor, technician o admin con la contraseña lineside-demo</translation>
    </message>
    <message>
        <source>DEMO</source>
        <translation>DEMO</translation>
    </message>
    <message>
        <source>Simulated instruments and scanner: nothing here is production</source>
        <translation>Instrumentos y escáner simulados: nada de esto es producción</translation>
    </message>
    <message>
        <source>Password…</source>
        <translation>Contraseña…</translation>
    </message>
    <message>
        <source>Log out  [F12]</source>
        <translation>Salir  [F12]</translation>
    </message>
    <message>
        <source>Scan not used: open the operator station, the trace or the scanner test to scan</source>
        <translation>Lectura no usada: abra el puesto del operario, la trazabilidad o la prueba del escáner para escanear</translation>
    </message>
    <message>
        <source>Scanner</source>
        <translation>Escáner</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>Salir</translation>
    </message>
    <message>
        <source>nobody logged in</source>
        <translation>nadie ha entrado</translation>
    </message>
    <message>
        <source>The {area} screens could not be loaded:
{error}</source>
        <translation>No se pudieron cargar las pantallas de {area}:
{error}</translation>
    </message>
    <message>
        <source>{title}: this screen could not be opened (see the log).</source>
        <translation>{title}: no se pudo abrir esta pantalla (vea el registro).</translation>
    </message>
    <message>
        <source>No screens for the {role} role are installed at this station yet.</source>
        <translation>Todavía no hay pantallas para el rol {role} en este puesto.</translation>
    </message>
    <message>
        <source>operator</source>
        <extracomment>Roles as the reader says them.</extracomment>
        <translation>operario</translation>
    </message>
    <message>
        <source>supervisor</source>
        <translation>supervisor</translation>
    </message>
    <message>
        <source>technician</source>
        <translation>técnico</translation>
    </message>
    <message>
        <source>admin</source>
        <translation>administrador</translation>
    </message>
</context>
<context>
    <name>MaterialsWidget</name>
    <message>
        <source>Pack</source>
        <translation>Envase</translation>
    </message>
    <message>
        <source>Lot</source>
        <translation>Lote</translation>
    </message>
    <message>
        <source>Part</source>
        <translation>Pieza</translation>
    </message>
    <message>
        <source>MSL</source>
        <translation>MSL</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>Abierto</translation>
    </message>
    <message>
        <source>Floor life left</source>
        <translation>Vida en planta restante</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Recibido</translation>
    </message>
    <message>
        <source>Consumed</source>
        <translation>Consumido</translation>
    </message>
    <message>
        <source>Remaining</source>
        <translation>Restante</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Actualizar</translation>
    </message>
    <message>
        <source>Materials</source>
        <translation>Materiales</translation>
    </message>
    <message>
        <source>Open moisture-sensitive reels and lots running low</source>
        <translation>Bobinas sensibles a la humedad abiertas y lotes que se agotan</translation>
    </message>
    <message>
        <source>A pack&apos;s event: scan its label</source>
        <translation>Evento de un envase: escanee su etiqueta</translation>
    </message>
    <message>
        <source>Open MSD reels (J-STD-033), least floor life first</source>
        <translation>Bobinas MSD abiertas (J-STD-033), menor vida en planta primero</translation>
    </message>
    <message>
        <source>Lots running low</source>
        <translation>Lotes que se agotan</translation>
    </message>
    <message>
        <source>the reel&apos;s or bag&apos;s label, or our lot label</source>
        <translation>etiqueta de la bobina o bolsa, o nuestra etiqueta de lote</translation>
    </message>
    <message>
        <source>Dry pack opened</source>
        <translation>Envase seco abierto</translation>
    </message>
    <message>
        <source>Into the dry cabinet</source>
        <translation>Al armario seco</translation>
    </message>
    <message>
        <source>Out of the dry cabinet</source>
        <translation>Fuera del armario seco</translation>
    </message>
    <message>
        <source>Baked (just finished)</source>
        <translation>Horneado (recién terminado)</translation>
    </message>
    <message>
        <source>Resealed in a dry bag</source>
        <translation>Resellado en bolsa seca</translation>
    </message>
    <message>
        <source>oven or dry cabinet</source>
        <translation>horno o armario seco</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Registrar</translation>
    </message>
    <message>
        <source>{pack}: {event} recorded</source>
        <translation>{pack}: {event} registrado</translation>
    </message>
    <message>
        <source>exceeded: bake it</source>
        <translation>superada: hornearla</translation>
    </message>
    <message>
        <source>unlimited</source>
        <translation>ilimitada</translation>
    </message>
    <message>
        <source>{reels} open reels, {low} lots low</source>
        <translation>{reels} bobinas abiertas, {low} lotes bajos</translation>
    </message>
</context>
<context>
    <name>OperatorStationWidget</name>
    <message>
        <source>No scanner? Type a code and press Enter (recorded as typed)</source>
        <translation>¿Sin escáner? Teclee el código y pulse Intro (queda registrado como tecleado)</translation>
    </message>
    <message>
        <source>Commit record  [F9]</source>
        <translation>Registrar  [F9]</translation>
    </message>
    <message>
        <source>Remove selected scan  [Del]</source>
        <translation>Quitar lectura  [Supr]</translation>
    </message>
    <message>
        <source>Start unit over  [Esc]</source>
        <translation>Empezar de nuevo  [Esc]</translation>
    </message>
    <message>
        <source>Correct a record…  [F8]</source>
        <translation>Corregir un registro…  [F8]</translation>
    </message>
    <message>
        <source>Rework…  [F7]</source>
        <translation>Retrabajo…  [F7]</translation>
    </message>
    <message>
        <source>Today at this station</source>
        <translation>Hoy aquí</translation>
    </message>
    <message>
        <source>That did not work</source>
        <translation>No ha funcionado</translation>
    </message>
    <message>
        <source>{error}. Nothing was recorded.</source>
        <translation>{error}. No se registró nada.</translation>
    </message>
    <message>
        <source>Unit {serial}</source>
        <translation>Unidad {serial}</translation>
    </message>
    <message>
        <source>Now scan each component on the list.</source>
        <translation>Ahora escanee cada componente de la lista.</translation>
    </message>
    <message>
        <source>Step complete: committing…</source>
        <translation>Operación completa: registrando…</translation>
    </message>
    <message numerus="yes">
        <source>%n still to scan.</source>
        <translation>
            <numerusform>Falta %n por escanear.</numerusform>
            <numerusform>Faltan %n por escanear.</numerusform>
        </translation>
    </message>
    <message>
        <source>Scan the right one.</source>
        <translation>Escanee el correcto.</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>Rechazado</translation>
    </message>
    <message>
        <source>{subject} refused</source>
        <translation>{subject} rechazado</translation>
    </message>
    <message>
        <source>Scan refused</source>
        <translation>Lectura rechazada</translation>
    </message>
    <message>
        <source>Scan the next unit.</source>
        <translation>Escanee la siguiente unidad.</translation>
    </message>
    <message>
        <source>Recorded with a flag for the supervisor. Scan the next unit.</source>
        <translation>Registrado con aviso para el supervisor. Escanee la siguiente unidad.</translation>
    </message>
    <message>
        <source>accepted</source>
        <translation>aceptado</translation>
    </message>
    <message>
        <source>flagged</source>
        <translation>con aviso</translation>
    </message>
    <message>
        <source>Recorded: unit {serial} · {status}</source>
        <translation>Registrado: unidad {serial} · {status}</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Listo</translation>
    </message>
    <message>
        <source>{prompt} to start.</source>
        <translation>{prompt} para empezar.</translation>
    </message>
    <message>
        <source>{description}: {id} accepted</source>
        <translation>{description}: {id} aceptado</translation>
    </message>
    <message>
        <source>{pack}: {hours} h {minutes} min of floor life left: use it or bake it</source>
        <translation>{pack}: quedan {hours} h {minutes} min de vida en planta: úsela u hornéela</translation>
    </message>
    <message>
        <source>{id} is used beyond what the lot holds: tell your supervisor</source>
        <translation>{id} se consume por encima de lo que tiene el lote: avise a su supervisor</translation>
    </message>
    <message>
        <source>{id} removed</source>
        <translation>{id} quitado</translation>
    </message>
    <message>
        <source>Nothing to remove</source>
        <translation>Nada que quitar</translation>
    </message>
    <message>
        <source>No component is scanned yet.</source>
        <translation>Todavía no hay ningún componente escaneado.</translation>
    </message>
    <message>
        <source>{part} is not scanned.</source>
        <translation>{part} no está escaneado.</translation>
    </message>
    <message>
        <source>Start over</source>
        <translation>Empezar de nuevo</translation>
    </message>
    <message>
        <source>Unit started over</source>
        <translation>Unidad empezada de nuevo</translation>
    </message>
    <message>
        <source>No record to correct</source>
        <translation>Ningún registro que corregir</translation>
    </message>
    <message>
        <source>Nothing was recorded here today.</source>
        <translation>Hoy no se ha registrado nada aquí.</translation>
    </message>
    <message>
        <source>Correction of {unit} recorded</source>
        <translation>Corrección de {unit} registrada</translation>
    </message>
    <message>
        <source>The original record stays, marked.</source>
        <translation>El registro original se conserva, marcado.</translation>
    </message>
    <message>
        <source>No rework order is open</source>
        <translation>No hay ninguna orden de retrabajo abierta</translation>
    </message>
    <message>
        <source>A supervisor opens one by deciding “rework” on an exception.</source>
        <translation>Un supervisor la abre al decidir «retrabajo» sobre una excepción.</translation>
    </message>
    <message>
        <source>Rework of {unit}</source>
        <translation>Retrabajo de {unit}</translation>
    </message>
    <message>
        <source>Rework order {order}: record each step, then close the order.</source>
        <translation>Orden de retrabajo {order}: registre cada paso y después cierre la orden.</translation>
    </message>
    <message>
        <source>Rework step recorded for {unit}</source>
        <translation>Paso de retrabajo registrado para {unit}</translation>
    </message>
    <message>
        <source>Record the next step, or close the rework order when the work is done.</source>
        <translation>Registre el paso siguiente o cierre la orden de retrabajo cuando el trabajo esté hecho.</translation>
    </message>
    <message>
        <source>Rework order of {unit} closed</source>
        <translation>Orden de retrabajo de {unit} cerrada</translation>
    </message>
    <message>
        <source>The unit may be released once nothing else awaits a decision.</source>
        <translation>La unidad puede liberarse cuando nada más espere una decisión.</translation>
    </message>
    <message>
        <source>Back to production</source>
        <translation>Volver a producción</translation>
    </message>
    <message>
        <source>No work order: scan the work order sheet</source>
        <translation>Sin orden de fabricación: escanee la hoja de la orden</translation>
    </message>
    <message>
        <source>Work order {order} · {product} · step {code} {name}</source>
        <translation>Orden {order} · {product} · operación {code} {name}</translation>
    </message>
    <message>
        <source>Unit: {unit}    ·    {done} of {total} components</source>
        <translation>Unidad: {unit}    ·    {done} de {total} piezas</translation>
    </message>
    <message>
        <source>Today at this station · {count}</source>
        <translation>Hoy aquí · {count}</translation>
    </message>
    <message>
        <source>scan the board&apos;s serial label</source>
        <translation>escanee la serie de la placa</translation>
    </message>
    <message>
        <source>scan the unit&apos;s UDI label</source>
        <translation>escanee la etiqueta UDI de la unidad</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <source>At least {length} characters, 5 different ones, not one of your last {history} passwords.</source>
        <translation>Al menos {length} caracteres, 5 de ellos distintos, ninguna de sus últimas {history} contraseñas.</translation>
    </message>
    <message>
        <source>It must be changed every {days} days.</source>
        <translation>Debe cambiarse cada {days} días.</translation>
    </message>
    <message>
        <source>Change your password</source>
        <translation>Cambiar su contraseña</translation>
    </message>
    <message>
        <source>Your password has aged: choose a new one to log in.</source>
        <translation>Su contraseña ha caducado: elija una nueva para iniciar sesión.</translation>
    </message>
    <message>
        <source>Change the password you log in and sign with.</source>
        <translation>Cambie la contraseña con la que inicia sesión y firma.</translation>
    </message>
    <message>
        <source>Current password</source>
        <translation>Contraseña actual</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>Contraseña nueva</translation>
    </message>
    <message>
        <source>New password again</source>
        <translation>Repita la contraseña nueva</translation>
    </message>
    <message>
        <source>Change password</source>
        <translation>Cambiar la contraseña</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>The two new passwords differ: type the same one twice.</source>
        <translation>Las dos contraseñas nuevas no coinciden: escriba la misma dos veces.</translation>
    </message>
    <message>
        <source>Type a new password.</source>
        <translation>Escriba una contraseña nueva.</translation>
    </message>
</context>
<context>
    <name>PrintActions</name>
    <message>
        <source>Print…</source>
        <translation>Imprimir…</translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation>Guardar como PDF…</translation>
    </message>
    <message>
        <source>Preparing the document…</source>
        <translation>Preparando el documento…</translation>
    </message>
    <message>
        <source>Print {title}</source>
        <translation>Imprimir {title}</translation>
    </message>
    <message>
        <source>Sent to the printer: {title}</source>
        <translation>Enviado a la impresora: {title}</translation>
    </message>
    <message>
        <source>Could not write {path}: {error}. Choose another folder.</source>
        <translation>No se pudo escribir {path}: {error}. Elija otra carpeta.</translation>
    </message>
    <message>
        <source>Could not write {path}: choose a folder you may write to.</source>
        <translation>No se pudo escribir {path}: elija una carpeta con permiso de escritura.</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>Guardado: {path}</translation>
    </message>
    <message>
        <source>Save as PDF</source>
        <translation>Guardar como PDF</translation>
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
        <translation>Perfil de refusión</translation>
    </message>
    <message>
        <source>no board scanned yet</source>
        <translation>todavía ninguna placa escaneada</translation>
    </message>
    <message>
        <source>{board}: no reflow profile recorded</source>
        <translation>{board}: sin perfil de refusión registrado</translation>
    </message>
    <message>
        <source>specification</source>
        <translation>especificación</translation>
    </message>
    <message>
        <source>PASS</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>FAIL</source>
        <translation>NO OK</translation>
    </message>
    <message>
        <source>This board cannot be recorded: set it aside and tell your supervisor.</source>
        <translation>Esta placa no se puede registrar: apártela y avise a su supervisor.</translation>
    </message>
</context>
<context>
    <name>ReceivingWidget</name>
    <message>
        <source>scan the reel&apos;s or bag&apos;s label (GS1 or MH10.8.2)</source>
        <translation>escanee la etiqueta de la bobina o bolsa (GS1 o MH10.8.2)</translation>
    </message>
    <message>
        <source>as on the label</source>
        <translation>según la etiqueta</translation>
    </message>
    <message>
        <source>the part&apos;s unit</source>
        <translation>unidad de la pieza</translation>
    </message>
    <message>
        <source>Receive</source>
        <translation>Recibir</translation>
    </message>
    <message>
        <source>Supplier label</source>
        <translation>Etiqueta del proveedor</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Magnitud</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Unidad</translation>
    </message>
    <message>
        <source>the certificate as PDF or image</source>
        <translation>el certificado en PDF o imagen</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Elegir…</translation>
    </message>
    <message>
        <source>manufacturer</source>
        <translation>fabricante</translation>
    </message>
    <message>
        <source>distributor, authorised</source>
        <translation>distribuidor autorizado</translation>
    </message>
    <message>
        <source>distributor, not authorised</source>
        <translation>distribuidor no autorizado</translation>
    </message>
    <message>
        <source>the MTR states EN 10204 3.1</source>
        <translation>el MTR indica EN 10204 3.1</translation>
    </message>
    <message>
        <source>e.g. Rm=612; Cr=18.2</source>
        <translation>p. ej. Rm=612; Cr=18.2</translation>
    </message>
    <message>
        <source>YYYY-MM-DD, shelf-life parts only</source>
        <translation>AAAA-MM-DD, solo piezas con vida útil</translation>
    </message>
    <message>
        <source>why a new revision replaces the last</source>
        <translation>por qué una nueva revisión sustituye a la anterior</translation>
    </message>
    <message>
        <source>Attach certificate</source>
        <translation>Adjuntar certificado</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>Documento</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Número</translation>
    </message>
    <message>
        <source>Heat/cast</source>
        <translation>Colada</translation>
    </message>
    <message>
        <source>Issuer</source>
        <translation>Emisor</translation>
    </message>
    <message>
        <source>Issued by</source>
        <translation>Emitido por</translation>
    </message>
    <message>
        <source>Values</source>
        <translation>Valores</translation>
    </message>
    <message>
        <source>Expiry</source>
        <translation>Caducidad</translation>
    </message>
    <message>
        <source>Revision reason</source>
        <translation>Motivo de la revisión</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>Aceptar</translation>
    </message>
    <message>
        <source>Accept on concession</source>
        <translation>Aceptar con concesión</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>Rechazar</translation>
    </message>
    <message>
        <source>required to reject or accept on concession</source>
        <translation>necesario para rechazar o aceptar con concesión</translation>
    </message>
    <message>
        <source>Sign the decision</source>
        <translation>Firmar la decisión</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>Decisión</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <source>Your user name</source>
        <translation>Su nombre de usuario</translation>
    </message>
    <message>
        <source>Your password</source>
        <translation>Su contraseña</translation>
    </message>
    <message>
        <source>Receiving</source>
        <translation>Recepción</translation>
    </message>
    <message>
        <source>Label, certificate, signed decision: a lot reaches the line only accepted</source>
        <translation>Etiqueta, certificado, decisión firmada: un lote llega a la línea solo aceptado</translation>
    </message>
    <message>
        <source>1. The package</source>
        <translation>1. El envase</translation>
    </message>
    <message>
        <source>3. Decision</source>
        <translation>3. Decisión</translation>
    </message>
    <message>
        <source>2. Certificate</source>
        <translation>2. Certificado</translation>
    </message>
    <message>
        <source>New lot {lot}: {part} from {supplier}, {quantity} {unit}; on hold until its certificate is accepted</source>
        <translation>Lote nuevo {lot}: {part} de {supplier}, {quantity} {unit}; retenido hasta que se acepte su certificado</translation>
    </message>
    <message>
        <source>Added to lot {lot}: {part} from {supplier}, now {quantity} {unit}</source>
        <translation>Añadido al lote {lot}: {part} de {supplier}, ahora {quantity} {unit}</translation>
    </message>
    <message>
        <source>Certificate document</source>
        <translation>Documento del certificado</translation>
    </message>
    <message>
        <source>PDF or image (*.pdf *.png *.jpg *.jpeg *.tif *.tiff)</source>
        <translation>PDF o imagen (*.pdf *.png *.jpg *.jpeg *.tif *.tiff)</translation>
    </message>
    <message>
        <source>Receive the package first: its lot takes the certificate</source>
        <translation>Reciba primero el envase: su lote recibe el certificado</translation>
    </message>
    <message>
        <source>Cannot read {file}: {error}</source>
        <translation>No se puede leer {file}: {error}</translation>
    </message>
    <message>
        <source>Values: write NAME=NUMBER, e.g. Rm=612 ({item})</source>
        <translation>Valores: escriba NOMBRE=NÚMERO, p. ej. Rm=612 ({item})</translation>
    </message>
    <message>
        <source>Expiry: write the date as YYYY-MM-DD</source>
        <translation>Caducidad: escriba la fecha como AAAA-MM-DD</translation>
    </message>
    <message>
        <source>Certificate {certificate} revision {revision} stored (SHA-256 {sha}…): decide and sign</source>
        <translation>Certificado {certificate} revisión {revision} guardado (SHA-256 {sha}…): decida y firme</translation>
    </message>
    <message>
        <source>Attach the certificate first</source>
        <translation>Adjunte primero el certificado</translation>
    </message>
    <message>
        <source>Certificate {certificate} signed: {decision}; lot {lot} is released for the line</source>
        <translation>Certificado {certificate} firmado: {decision}; el lote {lot} queda liberado para la línea</translation>
    </message>
    <message>
        <source>Certificate {certificate} signed: {decision}; lot {lot} is rejected</source>
        <translation>Certificado {certificate} firmado: {decision}; el lote {lot} queda rechazado</translation>
    </message>
</context>
<context>
    <name>RecordDetailDialog</name>
    <message>
        <source>Record {key}</source>
        <translation>Registro {key}</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Cargando…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
    <message>
        <source>Device history record (PDF)…</source>
        <translation>Historial del dispositivo (PDF)…</translation>
    </message>
    <message>
        <source>Every step of this unit and its subassemblies, for the quality file</source>
        <translation>Cada operación de esta unidad y sus subconjuntos, para el expediente de calidad</translation>
    </message>
    <message>
        <source>Record not available</source>
        <translation>Registro no disponible</translation>
    </message>
    <message>
        <source>{unit} · {get} · step {get2}</source>
        <translation>{unit} · {get} · operación {get2}</translation>
    </message>
    <message>
        <source>{kind} recorded {when} at station {get} (line {get2}) by {operator} · work order {get3} · key {key} · hash {value}…</source>
        <translation>{kind} registrado {when} en el puesto {get} (línea {get2}) por {operator} · orden {get3} · clave {key} · hash {value}…</translation>
    </message>
    <message>
        <source>Superseded: corrected by record {superseded_by}.</source>
        <translation>Sustituido: corregido por el registro {superseded_by}.</translation>
    </message>
    <message>
        <source>
No disposition yet.</source>
        <translation>
Todavía sin decisión.</translation>
    </message>
    <message>
        <source>Verdict: {status}.</source>
        <translation>Resultado: {status}.</translation>
    </message>
    <message>
        <source>Components</source>
        <translation>Componentes</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Ambiente</translation>
    </message>
    <message>
        <source>Thermal profile</source>
        <translation>Perfil térmico</translation>
    </message>
    <message>
        <source>History &amp;&amp; signatures</source>
        <translation>Historial &amp;&amp; firmas</translation>
    </message>
    <message>
        <source>UDI {get}  ·  DI {get2}  ·  lot {get3}  ·  expiry {get4}</source>
        <translation>UDI {get}  ·  DI {get2}  ·  lote {get3}  ·  caducidad {get4}</translation>
    </message>
    <message>
        <source>At commit</source>
        <translation>Al registrar</translation>
    </message>
    <message>
        <source>Around that time at {get} (±60 min, each record)</source>
        <translation>En torno a esa hora en {get} (±60 min, cada registro)</translation>
    </message>
    <message>
        <source>This step records no environmental values.</source>
        <translation>Esta operación no registra valores ambientales.</translation>
    </message>
    <message>
        <source>No reflow profile belongs to this unit: its step does not go through the oven.</source>
        <translation>Esta unidad no tiene perfil de refusión: su operación no pasa por el horno.</translation>
    </message>
    <message>
        <source>Profile {value} against “{spec_name}”</source>
        <translation>Perfil {value} frente a «{spec_name}»</translation>
    </message>
    <message>
        <source>The profile&apos;s verdict is bound to the record, but its curve is not stored at this station (reported by the oven without samples).</source>
        <translation>El resultado del perfil está ligado al registro, pero su curva no se guarda en este puesto (el horno lo informó sin muestras).</translation>
    </message>
    <message>
        <source>Shaded: soak {soak_low}–{soak_high} °C (blue), peak window {peak_min}–{peak_max} °C (green). Spec “{spec_name}”, {value} samples, instrument {value2}.</source>
        <translation>Sombreado: meseta {soak_low}–{soak_high} °C (azul), margen de pico {peak_min}–{peak_max} °C (verde). Especificación «{spec_name}», {value} muestras, instrumento {value2}.</translation>
    </message>
    <message>
        <source>Record key</source>
        <translation>Clave del registro</translation>
    </message>
    <message>
        <source>Journal hash</source>
        <translation>Hash del diario</translation>
    </message>
    <message>
        <source>Corrects</source>
        <translation>Corrige</translation>
    </message>
    <message>
        <source>{corrects} — reason: {get}</source>
        <translation>{corrects} — motivo: {get}</translation>
    </message>
    <message>
        <source>Superseded by</source>
        <translation>Sustituido por</translation>
    </message>
    <message>
        <source>Software / config</source>
        <translation>Software / configuración</translation>
    </message>
    <message>
        <source>Lineside {get} · configuration revision {get2}</source>
        <translation>Lineside {get} · revisión de configuración {get2}</translation>
    </message>
    <message>
        <source>Clock source</source>
        <translation>Fuente de hora</translation>
    </message>
    <message>
        <source>Disposition</source>
        <translation>Decisión</translation>
    </message>
    <message>
        <source>{decision} by {name} at {when}: {comment}</source>
        <translation>{decision} por {name} el {when}: {comment}</translation>
    </message>
    <message>
        <source>Signatures over this record&apos;s shift</source>
        <translation>Firmas del turno de este registro</translation>
    </message>
    <message>
        <source>The shift of this record is not signed.</source>
        <translation>El turno de este registro no está firmado.</translation>
    </message>
    <message>
        <source>Correct this record</source>
        <translation>Corregir este registro</translation>
    </message>
    <message>
        <source>reason for the correction (required)</source>
        <translation>motivo de la corrección (obligatorio)</translation>
    </message>
    <message>
        <source>Record correction</source>
        <translation>Registrar corrección</translation>
    </message>
    <message>
        <source>A correction is a new journal row that points at this one; this record stays as it was, and any signature over it will show as broken.</source>
        <translation>Una corrección es una nueva fila del diario que apunta a esta; este registro queda como estaba y cualquier firma sobre él aparecerá rota.</translation>
    </message>
    <message>
        <source>Give the reason for the correction.</source>
        <translation>Indique el motivo de la corrección.</translation>
    </message>
    <message>
        <source>Corrected by record {key}.</source>
        <translation>Corregido por el registro {key}.</translation>
    </message>
    <message>
        <source>Device history record written to {path}.</source>
        <translation>Historial del dispositivo escrito en {path}.</translation>
    </message>
</context>
<context>
    <name>Refusals</name>
    <message>
        <source>Badge {badge} belongs to nobody known at this station.</source>
        <extracomment>Template name -&gt; (why, what to do). Placeholders are the finding&apos;s ``args`` names.</extracomment>
        <translation>La tarjeta {badge} no es de nadie conocido en este puesto.</translation>
    </message>
    <message>
        <source>Ask your supervisor to register it.</source>
        <translation>Pida a su supervisor que la dé de alta.</translation>
    </message>
    <message>
        <source>{name}&apos;s account is inactive.</source>
        <translation>La cuenta de {name} está desactivada.</translation>
    </message>
    <message>
        <source>Ask your supervisor.</source>
        <translation>Consulte a su supervisor.</translation>
    </message>
    <message>
        <source>{name} is not qualified for step {step}.</source>
        <translation>{name} no está cualificado para la operación {step}.</translation>
    </message>
    <message>
        <source>Ask your supervisor for a qualified operator.</source>
        <translation>Pida a su supervisor un operario cualificado.</translation>
    </message>
    <message>
        <source>The badge or PIN is wrong.</source>
        <translation>La tarjeta o el PIN no son correctos.</translation>
    </message>
    <message>
        <source>Scan your badge again and type your PIN.</source>
        <translation>Escanee otra vez la tarjeta y teclee su PIN.</translation>
    </message>
    <message>
        <source>Name or password is wrong, or the account is inactive.</source>
        <translation>El usuario o la contraseña no son correctos, o la cuenta está desactivada.</translation>
    </message>
    <message>
        <source>Type them again; after several tries ask an admin.</source>
        <translation>Vuelva a teclearlos; tras varios intentos, avise a un administrador.</translation>
    </message>
    <message>
        <source>Nobody is logged in.</source>
        <translation>No ha entrado nadie.</translation>
    </message>
    <message>
        <source>Scan your badge first.</source>
        <translation>Escanee primero su tarjeta.</translation>
    </message>
    <message>
        <source>This station takes UDIs and lots only from a scanner.</source>
        <translation>Este puesto solo acepta UDI y lotes desde el escáner.</translation>
    </message>
    <message>
        <source>Scan the label.</source>
        <translation>Escanee la etiqueta.</translation>
    </message>
    <message>
        <source>No work order and step are set.</source>
        <translation>No hay orden ni operación asignadas.</translation>
    </message>
    <message>
        <source>Scan the work order sheet.</source>
        <translation>Escanee la hoja de la orden.</translation>
    </message>
    <message>
        <source>Unreadable scan: {text} is neither a UDI nor a code this station knows.</source>
        <translation>Lectura ilegible: {text} no es un UDI ni un código que conozca este puesto.</translation>
    </message>
    <message>
        <source>Check the label, or ask a technician to add its format to this station.</source>
        <translation>Revise la etiqueta o pida a un técnico que añada su formato a este puesto.</translation>
    </message>
    <message>
        <source>Unreadable scan: {text} breaks the code&apos;s rules ({rule}).</source>
        <translation>Lectura ilegible: {text} no cumple las reglas del código ({rule}).</translation>
    </message>
    <message>
        <source>Scan the label again; if it fails again, set the part aside and tell your supervisor.</source>
        <translation>Vuelva a escanear la etiqueta; si falla otra vez, aparte la pieza y avise a su supervisor.</translation>
    </message>
    <message>
        <source>The scanner types in another keyboard layout than this PC.</source>
        <translation>El escáner teclea con otra distribución de teclado que este PC.</translation>
    </message>
    <message>
        <source>Ask a technician to match the layouts (Scanners screen).</source>
        <translation>Pida a un técnico que iguale las distribuciones (pantalla Escáneres).</translation>
    </message>
    <message>
        <source>Lot {lot} is not known at this station.</source>
        <translation>El lote {lot} no se conoce en este puesto.</translation>
    </message>
    <message>
        <source>Check the label or ask goods receipt whether it was received.</source>
        <translation>Revise la etiqueta o pregunte en recepción si se recibió.</translation>
    </message>
    <message>
        <source>Lot {lot} has no certificate accepted by receiving for this part.</source>
        <translation>El lote {lot} no tiene un certificado aceptado por recepción para esta pieza.</translation>
    </message>
    <message>
        <source>Put it aside and ask receiving to inspect its certificate.</source>
        <translation>Apártelo y pida a recepción que inspeccione su certificado.</translation>
    </message>
    <message>
        <source>MSL {msl} {pack}: the opening of its dry pack was not scanned.</source>
        <translation>MSL {msl} {pack}: no se escaneó la apertura de su envase seco.</translation>
    </message>
    <message>
        <source>Scan the opening of the dry pack, or have it baked if it was opened.</source>
        <translation>Escanee la apertura del envase seco o, si ya estaba abierto, hágalo hornear.</translation>
    </message>
    <message>
        <source>MSL {msl} {pack} opened {opened}: floor life {life} exceeded by {over}.</source>
        <translation>MSL {msl} {pack} abierto {opened}: vida en planta {life} superada en {over}.</translation>
    </message>
    <message>
        <source>Bake it before it is used.</source>
        <translation>Hornéelo antes de usarlo.</translation>
    </message>
    <message>
        <source>The floor life of MSL {msl} {pack} cannot be judged at these conditions.</source>
        <translation>La vida en planta de MSL {msl} {pack} no se puede juzgar en estas condiciones.</translation>
    </message>
    <message>
        <source>Put it aside and ask quality.</source>
        <translation>Apártelo y consulte a calidad.</translation>
    </message>
    <message>
        <source>Lot {lot} holds {available} {unit}; this unit would take it to {wanted}.</source>
        <translation>El lote {lot} contiene {available} {unit}; esta unidad llevaría el consumo a {wanted}.</translation>
    </message>
    <message>
        <source>Check the lot label, or ask the supervisor to correct the balance.</source>
        <translation>Compruebe la etiqueta del lote o pida al supervisor que corrija el saldo.</translation>
    </message>
    <message>
        <source>Lot {lot} is part {part}, which this step does not use.</source>
        <translation>El lote {lot} es de la pieza {part}, que esta operación no usa.</translation>
    </message>
    <message>
        <source>Put it aside and scan a part from the checklist.</source>
        <translation>Apártelo y escanee una pieza de la lista.</translation>
    </message>
    <message>
        <source>Lot {lot} is {status}.</source>
        <translation>El lote {lot} está {status}.</translation>
    </message>
    <message>
        <source>Do not use it: put it in the quarantine area and tell your supervisor.</source>
        <translation>No lo use: déjelo en la zona de cuarentena y avise a su supervisor.</translation>
    </message>
    <message>
        <source>Lot {lot} expired on {date}.</source>
        <translation>El lote {lot} caducó el {date}.</translation>
    </message>
    <message>
        <source>Do not use it: take a lot from stock that has not expired.</source>
        <translation>No lo use: coja del almacén un lote sin caducar.</translation>
    </message>
    <message>
        <source>Lot {lot} has no inspection certificate on file.</source>
        <translation>El lote {lot} no tiene certificado de inspección.</translation>
    </message>
    <message>
        <source>Quality must attach one before it is used.</source>
        <translation>Calidad debe adjuntarlo antes de usarlo.</translation>
    </message>
    <message>
        <source>Certificate {certificate} of lot {lot} is valid {from} to {to}, not today.</source>
        <translation>El certificado {certificate} del lote {lot} es válido del {from} al {to}, no hoy.</translation>
    </message>
    <message>
        <source>Ask quality.</source>
        <translation>Consulte a calidad.</translation>
    </message>
    <message>
        <source>Lot {lot} has a type {type} certificate, but part {part} needs type {required}.</source>
        <translation>El lote {lot} tiene un certificado tipo {type}, pero la pieza {part} necesita tipo {required}.</translation>
    </message>
    <message>
        <source>{id} is already scanned for this unit.</source>
        <translation>{id} ya está escaneado para esta unidad.</translation>
    </message>
    <message>
        <source>Nothing to do: it is on the list already. Scan the next part.</source>
        <extracomment>What to do about a refusal whose core message says only why (no template).</extracomment>
        <translation>No hace falta nada: ya está en la lista. Escanee la siguiente pieza.</translation>
    </message>
    <message>
        <source>{part} ({description}) is already complete with {quantity}.</source>
        <translation>{part} ({description}) ya está completa con {quantity}.</translation>
    </message>
    <message>
        <source>To replace it, remove the earlier scan first.</source>
        <translation>Para cambiarla, quite antes la lectura anterior.</translation>
    </message>
    <message>
        <source>{serial} is a {part}, which this step does not use.</source>
        <translation>{serial} es un {part}, que esta operación no usa.</translation>
    </message>
    <message>
        <source>Put the part back and scan one from the list.</source>
        <translation>Devuelva la pieza y escanee una de la lista.</translation>
    </message>
    <message>
        <source>Subassembly {serial} has no record at this line.</source>
        <translation>El subconjunto {serial} no tiene registro en esta línea.</translation>
    </message>
    <message>
        <source>It must be built and recorded before it is used.</source>
        <translation>Debe montarse y registrarse antes de usarlo.</translation>
    </message>
    <message>
        <source>Subassembly {serial} has no record at this station and the plant cannot be asked.</source>
        <translation>El subconjunto {serial} no tiene registro en este puesto y no se puede consultar a la planta.</translation>
    </message>
    <message>
        <source>Wait for the plant link or put the unit aside.</source>
        <translation>Espere a la conexión con la planta o aparte la unidad.</translation>
    </message>
    <message>
        <source>Unit {unit} is still being assembled.</source>
        <translation>La unidad {unit} todavía se está montando.</translation>
    </message>
    <message>
        <source>Finish it or start it over before scanning {serial}.</source>
        <translation>Termínela o empiécela de nuevo antes de escanear {serial}.</translation>
    </message>
    <message>
        <source>{part} ({description}) is not scanned yet.</source>
        <translation>{part} ({description}) todavía no está escaneada.</translation>
    </message>
    <message>
        <source>Scan it, then commit again.</source>
        <translation>Escanéela y vuelva a registrar.</translation>
    </message>
    <message>
        <source>{quantity}: no instrument reports it.</source>
        <translation>{quantity}: ningún instrumento da el valor.</translation>
    </message>
    <message>
        <source>Check that the instrument is connected.</source>
        <translation>Compruebe que el instrumento está conectado.</translation>
    </message>
    <message>
        <source>{quantity} {value} {unit} from {instrument} was read {age} s ago (limit {limit} s).</source>
        <translation>{quantity} {value} {unit} de {instrument} se leyó hace {age} s (límite {limit} s).</translation>
    </message>
    <message>
        <source>Check the instrument&apos;s connection.</source>
        <translation>Compruebe la conexión del instrumento.</translation>
    </message>
    <message>
        <source>{quantity} {value} {unit} is outside its window {window}.</source>
        <translation>{quantity} {value} {unit} está fuera de su margen {window}.</translation>
    </message>
    <message>
        <source>Wait for conditions to recover or tell your supervisor.</source>
        <translation>Espere a que las condiciones se recuperen o avise a su supervisor.</translation>
    </message>
    <message>
        <source>{instrument} ({quantity}) is out of calibration (due {due}).</source>
        <translation>{instrument} ({quantity}) está fuera de calibración (vencía {due}).</translation>
    </message>
    <message>
        <source>Ask a technician to calibrate it.</source>
        <translation>Pida a un técnico que lo calibre.</translation>
    </message>
    <message>
        <source>Board {board} has no reflow profile on record.</source>
        <translation>La placa {board} no tiene perfil de refusión registrado.</translation>
    </message>
    <message>
        <source>Profile the oven run or tell your supervisor.</source>
        <translation>Perfile la pasada por el horno o avise a su supervisor.</translation>
    </message>
    <message>
        <source>Check that this unit belongs to this work order and step.</source>
        <translation>Compruebe que esta unidad es de esta orden y operación.</translation>
    </message>
    <message>
        <source>Scan the work order sheet of a released order for this station.</source>
        <translation>Escanee la hoja de una orden liberada para este puesto.</translation>
    </message>
    <message>
        <source>Set the part aside and tell your supervisor.</source>
        <translation>Aparte la pieza y avise a su supervisor.</translation>
    </message>
    <message>
        <source>Humidity</source>
        <extracomment>Environment quantities as the operator says them (the core&apos;s ``QUANTITY_NAMES``).</extracomment>
        <translation>Humedad</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>Temperatura</translation>
    </message>
    <message>
        <source>Residual O₂</source>
        <translation>O₂ residual</translation>
    </message>
    <message>
        <source>Dew point</source>
        <translation>Punto de rocío</translation>
    </message>
    <message>
        <source>released</source>
        <extracomment>A lot&apos;s status as the operator says it.</extracomment>
        <translation>liberado</translation>
    </message>
    <message>
        <source>quarantined</source>
        <translation>en cuarentena</translation>
    </message>
    <message>
        <source>blocked</source>
        <translation>bloqueado</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>rechazado</translation>
    </message>
</context>
<context>
    <name>RemoveScanDialog</name>
    <message>
        <source>Remove which scan?</source>
        <translation>¿Qué lectura quitar?</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Quitar</translation>
    </message>
    <message>
        <source>Keep all</source>
        <translation>Conservar todas</translation>
    </message>
    <message>
        <source>No scan is selected. Choose the one to remove (↑ ↓, Enter), or Esc.</source>
        <translation>No hay ninguna lectura marcada. Elija la que quiere quitar (↑ ↓, Intro) o Esc.</translation>
    </message>
</context>
<context>
    <name>ReworkDialog</name>
    <message>
        <source>Rework</source>
        <translation>Retrabajo</translation>
    </message>
    <message>
        <source>what was done (required), e.g. housing re-sealed, leak test passed</source>
        <translation>qué se hizo (obligatorio), p. ej. carcasa resellada, prueba de fugas superada</translation>
    </message>
    <message>
        <source>Scrapped</source>
        <translation>Desechada</translation>
    </message>
    <message>
        <source>Back to stock: fit to use again</source>
        <translation>De vuelta al almacén: apta para reutilizar</translation>
    </message>
    <message>
        <source>scan the lot fitted in its place</source>
        <translation>escanee el lote montado en su lugar</translation>
    </message>
    <message>
        <source>your user name</source>
        <translation>su nombre de usuario</translation>
    </message>
    <message>
        <source>your password</source>
        <translation>su contraseña</translation>
    </message>
    <message>
        <source>Rework order</source>
        <translation>Orden de retrabajo</translation>
    </message>
    <message>
        <source>Done so far</source>
        <translation>Hecho hasta ahora</translation>
    </message>
    <message>
        <source>What was done</source>
        <translation>Qué se hizo</translation>
    </message>
    <message>
        <source>Part removed</source>
        <translation>Pieza retirada</translation>
    </message>
    <message>
        <source>Part removed goes to</source>
        <translation>Destino de la pieza retirada</translation>
    </message>
    <message>
        <source>Lot fitted</source>
        <translation>Lote montado</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Nombre de usuario</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Contraseña</translation>
    </message>
    <message>
        <source>Record rework step</source>
        <translation>Registrar paso de retrabajo</translation>
    </message>
    <message>
        <source>Close the rework order</source>
        <translation>Cerrar la orden de retrabajo</translation>
    </message>
    <message>
        <source>Back to production</source>
        <translation>Volver a producción</translation>
    </message>
    <message>
        <source>REWORK · unit {unit} · order {order}</source>
        <translation>RETRABAJO · unidad {unit} · orden {order}</translation>
    </message>
    <message>
        <source>Why: {reason} (opened by {who}, {when} UTC)</source>
        <translation>Motivo: {reason} (abierta por {who}, {when} UTC)</translation>
    </message>
    <message>
        <source>No rework step recorded yet.</source>
        <translation>Aún no se ha registrado ningún paso de retrabajo.</translation>
    </message>
    <message>
        <source>— no part removed —</source>
        <translation>— ninguna pieza retirada —</translation>
    </message>
    <message>
        <source>Closing this order needs an electronic signature: user name and password of a person allowed to sign (a technician or supervisor).</source>
        <translation>Cerrar esta orden requiere una firma electrónica: nombre de usuario y contraseña de una persona autorizada a firmar (un técnico o un supervisor).</translation>
    </message>
    <message>
        <source>Closing this order needs no signature.</source>
        <translation>Cerrar esta orden no requiere firma.</translation>
    </message>
    <message>
        <source>Say what was done.</source>
        <translation>Indique qué se hizo.</translation>
    </message>
    <message>
        <source>Scan the lot fitted in place of {lot}.</source>
        <translation>Escanee el lote montado en lugar de {lot}.</translation>
    </message>
    <message>
        <source>Choose the part removed for the lot fitted.</source>
        <translation>Elija la pieza retirada para el lote montado.</translation>
    </message>
    <message>
        <source>{lot} is the lot removed: scan the new one.</source>
        <translation>{lot} es el lote retirado: escanee el nuevo.</translation>
    </message>
    <message>
        <source>Give your password to sign the close.</source>
        <translation>Indique su contraseña para firmar el cierre.</translation>
    </message>
</context>
<context>
    <name>ScannersWidget</name>
    <message>
        <source>Keyboard-wedge scanner (USB HID) in use</source>
        <translation>Escáner de teclado (USB HID) en uso</translation>
    </message>
    <message>
        <source>none</source>
        <translation>ninguno</translation>
    </message>
    <message>
        <source>CR (Enter), TAB or NONE</source>
        <translation>CR (Intro), TAB o NONE</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <source>Prefix</source>
        <translation>Prefijo</translation>
    </message>
    <message>
        <source>Suffix</source>
        <translation>Sufijo</translation>
    </message>
    <message>
        <source>Longest pause between keys</source>
        <translation>Pausa máxima entre teclas</translation>
    </message>
    <message>
        <source>Shortest scan</source>
        <translation>Lectura más corta</translation>
    </message>
    <message>
        <source>Serial scanner (RS-232 / USB-CDC) in use</source>
        <translation>Escáner serie (RS-232 / USB-CDC) en uso</translation>
    </message>
    <message>
        <source>/dev/ttyACM0 or COM3</source>
        <translation>/dev/ttyACM0 o COM3</translation>
    </message>
    <message>
        <source>CR, LF, CRLF, TAB, STX, ETX, NONE or \r\n</source>
        <translation>CR, LF, CRLF, TAB, STX, ETX, NONE o \r\n</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Puerto</translation>
    </message>
    <message>
        <source>Serial settings</source>
        <translation>Parámetros serie</translation>
    </message>
    <message>
        <source>Save scanner settings</source>
        <translation>Guardar ajustes del escáner</translation>
    </message>
    <message>
        <source>reason for the change (required, journalled)</source>
        <translation>motivo del cambio (obligatorio, queda anotado)</translation>
    </message>
    <message>
        <source>Keyboard wedge</source>
        <translation>Escáner de teclado</translation>
    </message>
    <message>
        <source>Serial scanner</source>
        <translation>Escáner serie</translation>
    </message>
    <message>
        <source>scan into this field, or type a code (write &lt;GS&gt; for the group separator) and Enter</source>
        <translation>escanee en este campo o teclee un código (escriba &lt;GS&gt; para el separador de grupo) e Intro</translation>
    </message>
    <message>
        <source>Listen on serial scanner</source>
        <translation>Escuchar el escáner serie</translation>
    </message>
    <message>
        <source>Raw bytes (hex)</source>
        <translation>Bytes en bruto (hex)</translation>
    </message>
    <message>
        <source>As received</source>
        <translation>Tal como llegó</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Valor</translation>
    </message>
    <message>
        <source>Interpretation</source>
        <translation>Interpretación</translation>
    </message>
    <message>
        <source>Scanners</source>
        <translation>Escáneres</translation>
    </message>
    <message>
        <source>How this station&apos;s scanners frame a scan. Test a scanner below: each scan shows the bytes that arrived and what the station makes of them.</source>
        <translation>Cómo enmarcan una lectura los escáneres de este puesto. Pruebe un escáner abajo: cada lectura muestra los bytes recibidos y lo que el puesto entiende.</translation>
    </message>
    <message>
        <source>Scan test</source>
        <translation>Prueba de lectura</translation>
    </message>
    <message>
        <source>Give a reason for the change: it is journalled.</source>
        <translation>Indique el motivo del cambio: queda anotado.</translation>
    </message>
    <message>
        <source>Saved ({what}); journalled at {value}.</source>
        <translation>Guardado ({what}); anotado a las {value}.</translation>
    </message>
    <message>
        <source>Give the serial scanner&apos;s port first.</source>
        <translation>Indique primero el puerto del escáner serie.</translation>
    </message>
    <message>
        <source>Listening on {port} — pull the trigger…</source>
        <translation>Escuchando en {port} — pulse el gatillo…</translation>
    </message>
</context>
<context>
    <name>Screens</name>
    <message>
        <source>Users</source>
        <translation>Usuarios</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>Puesto</translation>
    </message>
    <message>
        <source>Welcome</source>
        <translation>Bienvenida</translation>
    </message>
    <message>
        <source>Shift log</source>
        <translation>Turno</translation>
    </message>
    <message>
        <source>Exceptions</source>
        <translation>Incidencias</translation>
    </message>
    <message>
        <source>Trace</source>
        <translation>Trazabilidad</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Búsqueda</translation>
    </message>
    <message>
        <source>Access</source>
        <translation>Acceso</translation>
    </message>
    <message>
        <source>Instruments</source>
        <translation>Instrumentos</translation>
    </message>
    <message>
        <source>Scanners</source>
        <translation>Escáneres</translation>
    </message>
    <message>
        <source>Station settings</source>
        <translation>Ajustes</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Receiving</source>
        <translation>Recepción</translation>
    </message>
    <message>
        <source>Materials</source>
        <translation>Materiales</translation>
    </message>
</context>
<context>
    <name>SearchWidget</name>
    <message>
        <source>Time ({zone})</source>
        <translation>Hora ({zone})</translation>
    </message>
    <message>
        <source>accepted</source>
        <translation>aceptado</translation>
    </message>
    <message>
        <source>flagged</source>
        <translation>con aviso</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Unidad</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Producto</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Operación</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>Puesto</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Operario</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <source>{status} · corrected</source>
        <translation>{status} · corregido</translation>
    </message>
    <message>
        <source>Scanned</source>
        <translation>Escaneado</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>Regla</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <source>(the capture)</source>
        <translation>(la captura)</translation>
    </message>
    <message>
        <source>Unit serial</source>
        <translation>Número de serie</translation>
    </message>
    <message>
        <source>UDI</source>
        <translation>UDI</translation>
    </message>
    <message>
        <source>Lot</source>
        <translation>Lote</translation>
    </message>
    <message>
        <source>Date range only</source>
        <translation>Solo por fechas</translation>
    </message>
    <message>
        <source>Between</source>
        <translation>Entre</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Búsqueda</translation>
    </message>
    <message>
        <source>and</source>
        <translation>y</translation>
    </message>
    <message>
        <source>Records</source>
        <translation>Registros</translation>
    </message>
    <message>
        <source>Refusals</source>
        <translation>Rechazos</translation>
    </message>
    <message>
        <source>Find the records of a unit (by serial or its UDI), of a lot, or of an operator, within a date range if you like. Refusals lists every scan or capture the station turned away, with what was scanned and the rule; operators are told to report them.</source>
        <translation>Busque los registros de una unidad (por número de serie o UDI), de un lote o de un operario, si quiere entre dos fechas. Rechazos muestra cada lectura o captura que el puesto rechazó, con lo escaneado y la regla; los operarios deben comunicarlos.</translation>
    </message>
    <message>
        <source>unit serial, e.g. SN-IP-200-7000001</source>
        <translation>número de serie, p. ej. SN-IP-200-7000001</translation>
    </message>
    <message>
        <source>scan or type the UDI, e.g. (01)…(21)SN-…</source>
        <translation>escanee o teclee el UDI, p. ej. (01)…(21)SN-…</translation>
    </message>
    <message>
        <source>our lot or the supplier&apos;s lot as printed</source>
        <translation>nuestro lote o el del proveedor tal como está impreso</translation>
    </message>
    <message>
        <source>name, badge or user id</source>
        <translation>nombre, tarjeta o id de usuario</translation>
    </message>
    <message>
        <source>choose the dates →</source>
        <translation>elija las fechas →</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Buscando…</translation>
    </message>
    <message>
        <source>Unreadable scan: {error}</source>
        <translation>Escaneo ilegible: {error}</translation>
    </message>
    <message>
        <source>Records ({n})</source>
        <translation>Registros ({n})</translation>
    </message>
    <message>
        <source>Refusals ({n})</source>
        <translation>Rechazos ({n})</translation>
    </message>
    <message>
        <source>{records} records and {refusals} refusals for {what}.</source>
        <translation>{records} registros y {refusals} rechazos para {what}.</translation>
    </message>
    <message>
        <source>Only the newest {n} of each are shown: narrow the dates to see older ones.</source>
        <translation>Solo se muestran los {n} más recientes de cada tipo: acote las fechas para ver los anteriores.</translation>
    </message>
</context>
<context>
    <name>ShiftLogWidget</name>
    <message>
        <source>All shifts</source>
        <translation>Todos los turnos</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>Turno</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Cargando…</translation>
    </message>
    <message>
        <source>Open record…</source>
        <translation>Abrir registro…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Actualizar</translation>
    </message>
    <message>
        <source>Sign off shift…</source>
        <translation>Firmar el turno…</translation>
    </message>
    <message>
        <source>Shift log</source>
        <translation>Registro del turno</translation>
    </message>
    <message>
        <source>Every record of the line, newest shift first. Click a column to sort; double-click a record to see everything bound to it.</source>
        <translation>Todos los registros de la línea, el turno más reciente primero. Pulse una columna para ordenar; doble clic en un registro para ver todo lo ligado a él.</translation>
    </message>
    <message>
        <source>Choose a shift to see and give its sign-off.</source>
        <translation>Elija un turno para ver y dar su firma.</translation>
    </message>
    <message>
        <source>{count} exceptions of this shift wait for a disposition.</source>
        <translation>{count} incidencias de este turno esperan una decisión.</translation>
    </message>
    <message>
        <source>{loaded} records loaded</source>
        <translation>{loaded} registros cargados</translation>
    </message>
    <message>
        <source>{total} records · {loaded} shown{more}</source>
        <translation>{total} registros · {loaded} mostrados{more}</translation>
    </message>
    <message>
        <source>Could not read the records: {message}</source>
        <translation>No se pudieron leer los registros: {message}</translation>
    </message>
    <message>
        <source>Record {key} was made at station {station}: open it there.</source>
        <translation>El registro {key} se hizo en la estación {station}: ábralo allí.</translation>
    </message>
    <message>
        <source>Shift log — {shift}</source>
        <translation>Registro del turno — {shift}</translation>
    </message>
    <message>
        <source>all shifts</source>
        <translation>todos los turnos</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Línea</translation>
    </message>
    <message>
        <source>Any</source>
        <translation>Todos</translation>
    </message>
    <message>
        <source>This shift is not signed yet.</source>
        <translation>Este turno todavía no está firmado.</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>Puesto</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Operario</translation>
    </message>
    <message>
        <source>Work order</source>
        <translation>Orden</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <source>{n} records · printed {at} {zone} by {who} at station {station}</source>
        <translation>{n} registros · impreso {at} {zone} por {who} en el puesto {station}</translation>
    </message>
    <message>
        <source>Only the first {n} records: narrow the filters to print the rest.</source>
        <translation>Solo los primeros {n} registros: acote los filtros para imprimir el resto.</translation>
    </message>
    <message>
        <source>Time ({zone})</source>
        <translation>Hora ({zone})</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Unidad</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Producto</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Operación</translation>
    </message>
    <message>
        <source> · corrected</source>
        <translation> · corregido</translation>
    </message>
</context>
<context>
    <name>Shifts</name>
    <message>
        <source>{day} · shift {number} ({start}–{end} {zone})</source>
        <translation>{day} · turno {number} ({start}–{end} {zone})</translation>
    </message>
</context>
<context>
    <name>SignOffDialog</name>
    <message>
        <source>Sign off shift</source>
        <translation>Firmar el turno</translation>
    </message>
    <message>
        <source>Reviewed — I checked these records</source>
        <translation>Revisado — he comprobado estos registros</translation>
    </message>
    <message>
        <source>Approved — I release these records</source>
        <translation>Aprobado — libero estos registros</translation>
    </message>
    <message>
        <source>(nobody logged in)</source>
        <translation>(nadie ha entrado)</translation>
    </message>
    <message>
        <source>your user name</source>
        <translation>su usuario</translation>
    </message>
    <message>
        <source>re-enter your password</source>
        <translation>vuelva a teclear su contraseña</translation>
    </message>
    <message>
        <source>Printed name</source>
        <translation>Nombre en letra de imprenta</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rol</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Usuario</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Contraseña</translation>
    </message>
    <message>
        <source>Sign</source>
        <translation>Firmar</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>{open_exceptions} exceptions of this shift have no disposition yet. You may sign that you reviewed; approving the release waits until they are disposed of.</source>
        <translation>{open_exceptions} incidencias de este turno siguen sin decisión. Puede firmar que lo revisó; la aprobación espera hasta que estén decididas.</translation>
    </message>
    <message>
        <source>Meaning of this signature</source>
        <translation>Significado de esta firma</translation>
    </message>
    <message>
        <source>Enter your user name and password to sign.</source>
        <translation>Introduzca su usuario y contraseña para firmar.</translation>
    </message>
    <message>
        <source>Signing…</source>
        <translation>Firmando…</translation>
    </message>
</context>
<context>
    <name>Signatures</name>
    <message>
        <source>NOT countersigned by the plant, and it cannot be (no password proof)</source>
        <extracomment>Applied to each review/setup screen so they read well with or without the station&apos;s QSS.</extracomment>
        <translation>NO refrendada por la planta, y no puede serlo (sin prueba de contraseña)</translation>
    </message>
    <message>
        <source>countersigned by the plant {0}</source>
        <translation>refrendada por la planta {0}</translation>
    </message>
    <message>
        <source>not yet countersigned by the plant</source>
        <translation>aún no refrendada por la planta</translation>
    </message>
    <message>
        <source>the plant REFUSED to countersign it</source>
        <translation>la planta SE NEGÓ a refrendarla</translation>
    </message>
</context>
<context>
    <name>SoundPlayer</name>
    <message>
        <source>sounds muted (LINESIDE_MUTE=1, the autopilot or a test)</source>
        <translation>sonidos silenciados (LINESIDE_MUTE=1, el piloto automático o una prueba)</translation>
    </message>
    <message>
        <source>sounds off: QtMultimedia is not installed (PySide6-Addons); refusals beep</source>
        <translation>sonidos desactivados: QtMultimedia no está instalado (PySide6-Addons); los rechazos pitan</translation>
    </message>
    <message>
        <source>sounds off: this computer has no audio output device; refusals beep</source>
        <translation>sonidos desactivados: este equipo no tiene salida de audio; los rechazos pitan</translation>
    </message>
    <message>
        <source>sounds on: {count} sounds through {device}</source>
        <translation>sonidos activados: {count} sonidos por {device}</translation>
    </message>
</context>
<context>
    <name>StationSettingsWidget</name>
    <message>
        <source>Environment out of window, stale or missing</source>
        <translation>Ambiente fuera de margen, caducado o ausente</translation>
    </message>
    <message>
        <source>Reading from an instrument out of calibration</source>
        <translation>Lectura de un instrumento sin calibrar</translation>
    </message>
    <message>
        <source>Reflow profile failed or missing</source>
        <translation>Perfil de refusión fallido o ausente</translation>
    </message>
    <message>
        <source>UDI not matching its device catalogue entry</source>
        <translation>UDI que no coincide con su catálogo de dispositivos</translation>
    </message>
    <message>
        <source>Subassembly this station has no record of, plant unreachable</source>
        <translation>Subconjunto sin registro en este puesto, planta inaccesible</translation>
    </message>
    <message>
        <source>Block — refuse the record</source>
        <translation>Bloquear — rechazar el registro</translation>
    </message>
    <message>
        <source>Flag — record it for review</source>
        <translation>Avisar — registrarlo para revisión</translation>
    </message>
    <message>
        <source>added</source>
        <extracomment>What an instrument&apos;s configuration row says was done to it.</extracomment>
        <translation>añadido</translation>
    </message>
    <message>
        <source>changed</source>
        <translation>modificado</translation>
    </message>
    <message>
        <source>retired</source>
        <translation>retirado</translation>
    </message>
    <message>
        <source>Instrument {id}: {action} (revision {revision})</source>
        <translation>Instrumento {id}: {action} (revisión {revision})</translation>
    </message>
    <message>
        <source>Calibration of {instrument}: due {due} ({certificate})</source>
        <translation>Calibración de {instrument}: vence {due} ({certificate})</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Línea</translation>
    </message>
    <message>
        <source>Allowed steps</source>
        <translation>Operaciones permitidas</translation>
    </message>
    <message>
        <source>reason for the change, e.g. CAPA-2026-031 (kept in the journal)</source>
        <translation>motivo del cambio, p. ej. CAPA-2026-031 (queda en el diario)</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <source>Save station settings</source>
        <translation>Guardar ajustes del puesto</translation>
    </message>
    <message>
        <source>When ({zone})</source>
        <translation>Cuándo ({zone})</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Quién</translation>
    </message>
    <message>
        <source>What changed</source>
        <translation>Qué cambió</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <source>Station {station_id}</source>
        <translation>Puesto {station_id}</translation>
    </message>
    <message>
        <source>What this station may do and what happens when a rule is broken. A change takes effect for the next record and is journalled with your name and the time.</source>
        <translation>Qué puede hacer este puesto y qué pasa cuando se incumple una regla. Un cambio se aplica desde el siguiente registro y queda anotado con su nombre y la hora.</translation>
    </message>
    <message>
        <source>Configuration changes at this station</source>
        <translation>Cambios de configuración en este puesto</translation>
    </message>
    <message>
        <source>Configuration revision {revision}</source>
        <translation>Revisión de configuración {revision}</translation>
    </message>
    <message>
        <source>Allow at least one step.</source>
        <translation>Permita al menos una operación.</translation>
    </message>
    <message>
        <source>Saved as configuration revision {revision}; the next record at {station} is checked with these rules.</source>
        <translation>Guardado como revisión de configuración {revision}; el siguiente registro en {station} se comprueba con estas reglas.</translation>
    </message>
</context>
<context>
    <name>StationSetupWidget</name>
    <message>
        <source>Rules and history</source>
        <translation>Reglas e historial</translation>
    </message>
    <message>
        <source>Environment windows</source>
        <translation>Ventanas ambientales</translation>
    </message>
    <message>
        <source>Code formats</source>
        <translation>Formatos de código</translation>
    </message>
    <message>
        <source>Language and time</source>
        <translation>Idioma y hora</translation>
    </message>
</context>
<context>
    <name>TodayRecordsModel</name>
    <message>
        <source>corrected</source>
        <translation>corregido</translation>
    </message>
    <message>
        <source>{unit} by {operator} at {time} {zone}: {verdict}</source>
        <translation>{unit} por {operator} a las {time} {zone}: {verdict}</translation>
    </message>
</context>
<context>
    <name>TraceWidget</name>
    <message>
        <source>Forward from a lot (where did it go?)</source>
        <translation>Hacia delante desde un lote (¿adónde fue?)</translation>
    </message>
    <message>
        <source>Backward from a unit serial or UDI (what is in it?)</source>
        <translation>Hacia atrás desde un número de serie o UDI (¿qué lleva?)</translation>
    </message>
    <message>
        <source>Trace</source>
        <translation>Trazabilidad</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>Exportar CSV…</translation>
    </message>
    <message>
        <source>Export PDF…</source>
        <translation>Exportar PDF…</translation>
    </message>
    <message>
        <source>Scan or type a lot to see every unit it went into, or a unit serial or UDI to see every lot and subassembly in it.</source>
        <translation>Escanee o teclee un lote para ver cada unidad en la que entró, o un número de serie o UDI para ver cada lote y subconjunto que lleva.</translation>
    </message>
    <message>
        <source>Genealogy through subassemblies, from the station&apos;s records. Export the affected units as a recall impact list (CSV for systems, PDF for the file).</source>
        <translation>Genealogía a través de subconjuntos, desde los registros del puesto. Exporte las unidades afectadas como lista de retirada (CSV para sistemas, PDF para el expediente).</translation>
    </message>
    <message>
        <source>lot, e.g. ML-000012</source>
        <translation>lote, p. ej. ML-000012</translation>
    </message>
    <message>
        <source>unit serial or UDI, e.g. (01)…(21)SN-…</source>
        <translation>número de serie o UDI, p. ej. (01)…(21)SN-…</translation>
    </message>
    <message>
        <source>Scan or type what to trace.</source>
        <translation>Escanee o teclee lo que quiere trazar.</translation>
    </message>
    <message>
        <source>Tracing {text}…</source>
        <translation>Trazando {text}…</translation>
    </message>
    <message>
        <source>Unreadable scan: {exc}</source>
        <translation>Lectura ilegible: {exc}</translation>
    </message>
    <message>
        <source>Traced {at} {zone} at station {station} by {who}</source>
        <translation>Trazado {at} {zone} en el puesto {station} por {who}</translation>
    </message>
    <message>
        <source>Writing {name}…</source>
        <translation>Escribiendo {name}…</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>Guardado: {path}</translation>
    </message>
</context>
<context>
    <name>UsersWidget</name>
    <message>
        <source>S10, S20=2027-06-30 (a step, = its last valid day)</source>
        <translation>S10, S20=2027-06-30 (operación, = su último día válido)</translation>
    </message>
    <message>
        <source>station default</source>
        <translation>predeterminado de la estación</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Activa</translation>
    </message>
    <message>
        <source>reason for the change (required, journalled)</source>
        <translation>motivo del cambio (obligatorio, queda anotado)</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Usuario</translation>
    </message>
    <message>
        <source>Printed name</source>
        <translation>Nombre en letra de imprenta</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rol</translation>
    </message>
    <message>
        <source>Badge</source>
        <translation>Tarjeta</translation>
    </message>
    <message>
        <source>Qualifications</source>
        <translation>Cualificaciones</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Guardar</translation>
    </message>
    <message>
        <source>New account</source>
        <translation>Nueva cuenta</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Desbloquear</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Cuenta</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>sí</translation>
    </message>
    <message>
        <source>no</source>
        <translation>no</translation>
    </message>
    <message>
        <source>LOCKED</source>
        <translation>BLOQUEADA</translation>
    </message>
    <message>
        <source>Give a reason: it is journalled with the change.</source>
        <translation>Indique un motivo: queda anotado con el cambio.</translation>
    </message>
    <message>
        <source>Choose an account and give a reason to unlock it.</source>
        <translation>Elija una cuenta e indique un motivo para desbloquearla.</translation>
    </message>
</context>
<context>
    <name>Verdicts</name>
    <message>
        <source>accepted</source>
        <extracomment>A record&apos;s verdict as people say it (the record keeps the English word).</extracomment>
        <translation>aceptado</translation>
    </message>
    <message>
        <source>flagged</source>
        <translation>con aviso</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>rechazado</translation>
    </message>
    <message>
        <source>superseded</source>
        <translation>sustituido</translation>
    </message>
</context>
<context>
    <name>WorkInstructionsWidget</name>
    <message>
        <source>Work instruction</source>
        <translation>Instrucción de trabajo</translation>
    </message>
    <message>
        <source>Scan the work order sheet to see the step&apos;s instruction.</source>
        <translation>Escanee la hoja de la orden de trabajo para ver la instrucción del paso.</translation>
    </message>
    <message>
        <source>This step has no work instruction.</source>
        <translation>Este paso no tiene instrucción de trabajo.</translation>
    </message>
    <message>
        <source>The work instruction could not be read: {error}</source>
        <translation>No se pudo leer la instrucción de trabajo: {error}</translation>
    </message>
</context>
</TS>
