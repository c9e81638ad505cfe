<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../leukemia_gui/about_dialog.py" line="30"/>
        <source>{0} epochs on {1} images</source>
        <translation>{0} épocas con {1} imágenes</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/about_dialog.py" line="33"/>
        <source>Model</source>
        <translation>Modelo</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/about_dialog.py" line="34"/>
        <source>Architecture</source>
        <translation>Arquitectura</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/about_dialog.py" line="35"/>
        <source>Input</source>
        <translation>Entrada</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/about_dialog.py" line="37"/>
        <source>Created</source>
        <translation>Creado</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/about_dialog.py" line="38"/>
        <source>Trained</source>
        <translation>Entrenado</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/about_dialog.py" line="39"/>
        <source>Accuracy</source>
        <translation>Exactitud</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/about_dialog.py" line="40"/>
        <source>Folder</source>
        <translation>Carpeta</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/about_dialog.py" line="53"/>
        <source>About ALL Classifier</source>
        <translation>Acerca de ALL Classifier</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/about_dialog.py" line="54"/>
        <source>Research use only — not for diagnostic use.</source>
        <translation>Solo para investigación — no apto para uso diagnóstico.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/about_dialog.py" line="58"/>
        <source>ALL blood smear classifier</source>
        <translation>Clasificador de frotis de sangre para LLA</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/about_dialog.py" line="59"/>
        <source>Version {0}</source>
        <translation>Versión {0}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/about_dialog.py" line="60"/>
        <source>Classifies peripheral blood smear images into Benign (hematogones), Early Pre-B, Pre-B and Pro-B acute lymphoblastic leukemia.</source>
        <translation>Clasifica imágenes de frotis de sangre periférica en benigno (hematogonas) y leucemia linfoblástica aguda pre-B temprana, pre-B y pro-B.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/about_dialog.py" line="64"/>
        <source>Active model</source>
        <translation>Modelo activo</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/about_dialog.py" line="67"/>
        <source>Data</source>
        <translation>Datos</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/about_dialog.py" line="67"/>
        <source>The models are trained on:</source>
        <translation>Los modelos se entrenan con:</translation>
    </message>
</context>
<context>
    <name>AuditBarWidget</name>
    <message>
        <location filename="../../leukemia_gui/widgets/audit_bar.py" line="43"/>
        <source>Change…</source>
        <translation>Cambiar…</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/audit_bar.py" line="44"/>
        <source>Choose the file every classification is appended to</source>
        <translation>Elegir el archivo al que se añade cada clasificación</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/audit_bar.py" line="54"/>
        <source>Audit log: {0}</source>
        <translation>Registro de auditoría: {0}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/audit_bar.py" line="56"/>
        <source>Set by the {0} environment variable</source>
        <translation>Fijado por la variable de entorno {0}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/audit_bar.py" line="58"/>
        <source>Every classification is appended to this file</source>
        <translation>Cada clasificación se añade a este archivo</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/audit_bar.py" line="75"/>
        <source>checking the log…</source>
        <translation>comprobando el registro…</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/audit_bar.py" line="76"/>
        <source>Verifying the hash chain of {0}</source>
        <translation>Verificando la cadena de hashes de {0}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/audit_bar.py" line="105"/>
        <source>cannot read log</source>
        <translation>no se puede leer el registro</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/audit_bar.py" line="125"/>
        <source>cannot read log ({0})</source>
        <translation>no se puede leer el registro ({0})</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/audit_bar.py" line="138"/>
        <source>, {0} torn by a crash</source>
        <translation>, {0} cortado(s) por un cierre inesperado</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/audit_bar.py" line="140"/>
        <source> (+{0} older, unchained)</source>
        <translation> (+{0} anteriores, sin encadenar)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/audit_bar.py" line="142"/>
        <source>verified / {0} records</source>
        <translation>verificado / {0} registros</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/audit_bar.py" line="145"/>
        <source>unchained (older log) / {0} records</source>
        <translation>sin encadenar (registro antiguo) / {0} registros</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/audit_bar.py" line="148"/>
        <source>no records yet</source>
        <translation>aún sin registros</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/audit_bar.py" line="150"/>
        <source>log altered at record {0}</source>
        <translation>registro alterado en la entrada {0}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/audit_bar.py" line="160"/>
        <source>Audit log file</source>
        <translation>Archivo del registro de auditoría</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/audit_bar.py" line="161"/>
        <source>JSON lines (*.jsonl)</source>
        <translation>Líneas JSON (*.jsonl)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/audit_bar.py" line="174"/>
        <source>ALTERED: {0}: line {1}: {2}; the {3} record(s) before it are intact</source>
        <translation>ALTERADO: {0}: línea {1}: {2}; los {3} registro(s) anteriores están intactos</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/audit_bar.py" line="179"/>
        <source>{0} older unchained record(s) before the chain, not verifiable</source>
        <translation>{0} registro(s) antiguos sin encadenar antes de la cadena, no verificables</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/audit_bar.py" line="183"/>
        <source>{0} line(s) torn by a crash (line {1})</source>
        <translation>{0} línea(s) cortadas por un fallo (línea {1})</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/audit_bar.py" line="187"/>
        <source>UNCHAINED: {0}: {1} record(s), all written before the hash chain (older log); nothing could be verified</source>
        <translation>SIN ENCADENAR: {0}: {1} registro(s), todos escritos antes de la cadena de hashes (registro antiguo); no se pudo verificar nada</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/audit_bar.py" line="191"/>
        <source>OK: {0}: no records</source>
        <translation>OK: {0}: sin registros</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/audit_bar.py" line="192"/>
        <source>OK: {0}: {1} record(s), hash chain intact (head {2})</source>
        <translation>OK: {0}: {1} registro(s), cadena de hashes intacta (cabeza {2})</translation>
    </message>
</context>
<context>
    <name>AuditViewer</name>
    <message>
        <location filename="../../leukemia_gui/widgets/audit_viewer.py" line="19"/>
        <source>Time (UTC)</source>
        <translation>Hora (UTC)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/audit_viewer.py" line="20"/>
        <source>User</source>
        <translation>Usuario</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/audit_viewer.py" line="21"/>
        <location filename="../../leukemia_gui/widgets/audit_viewer.py" line="55"/>
        <source>Case</source>
        <translation>Caso</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/audit_viewer.py" line="22"/>
        <source>Step / class</source>
        <translation>Paso / clase</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/audit_viewer.py" line="23"/>
        <source>File</source>
        <translation>Archivo</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/audit_viewer.py" line="24"/>
        <source>Detail</source>
        <translation>Detalle</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/audit_viewer.py" line="36"/>
        <source>model {0}</source>
        <translation>modelo {0}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/audit_viewer.py" line="44"/>
        <source>Audit log</source>
        <translation>Registro de auditoría</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/audit_viewer.py" line="46"/>
        <source>case id</source>
        <translation>id. del caso</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/audit_viewer.py" line="47"/>
        <source>date YYYY-MM-DD (or its start)</source>
        <translation>fecha AAAA-MM-DD (o su comienzo)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/audit_viewer.py" line="57"/>
        <source>Date</source>
        <translation>Fecha</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/audit_viewer.py" line="74"/>
        <source>OK</source>
        <translation>Correcto</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/audit_viewer.py" line="75"/>
        <source>UNCHAINED</source>
        <translation>SIN ENCADENAR</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/audit_viewer.py" line="75"/>
        <source>ALTERED</source>
        <translation>ALTERADO</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/audit_viewer.py" line="77"/>
        <source>hash chain intact</source>
        <translation>cadena de hashes intacta</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/audit_viewer.py" line="83"/>
        <source>cannot read the log ({0})</source>
        <translation>no se puede leer el registro ({0})</translation>
    </message>
</context>
<context>
    <name>BalanceWidget</name>
    <message>
        <location filename="../../leukemia_gui/tabs/balance_widget.py" line="29"/>
        <source>Balance classes (writes a new folder)</source>
        <translation>Equilibrar clases (escribe una carpeta nueva)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/balance_widget.py" line="37"/>
        <source>Images per class after balancing. Smaller classes are filled with flipped, rotated and zoomed copies of their own images.</source>
        <translation>Imágenes por clase tras equilibrar. Las clases más pequeñas se completan con copias volteadas, giradas y ampliadas de sus propias imágenes.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/balance_widget.py" line="43"/>
        <source>Random seed: the same seed gives the same balanced folder.</source>
        <translation>Semilla aleatoria: la misma semilla da la misma carpeta equilibrada.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/balance_widget.py" line="46"/>
        <source>A new folder for the balanced copy. The source folder is never changed.</source>
        <translation>Una carpeta nueva para la copia equilibrada. La carpeta de origen nunca se modifica.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/balance_widget.py" line="48"/>
        <source>Choose…</source>
        <translation>Elegir…</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/balance_widget.py" line="53"/>
        <source>Balance</source>
        <translation>Equilibrar</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/balance_widget.py" line="54"/>
        <source>Copy the originals and add augmented images to the output folder until every class reaches the target.</source>
        <translation>Copiar los originales y añadir imágenes aumentadas a la carpeta de salida hasta que cada clase alcance el objetivo.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/balance_widget.py" line="65"/>
        <source>Target per class:</source>
        <translation>Objetivo por clase:</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/balance_widget.py" line="66"/>
        <source>Seed:</source>
        <translation>Semilla:</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/balance_widget.py" line="67"/>
        <source>Output folder:</source>
        <translation>Carpeta de salida:</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/balance_widget.py" line="102"/>
        <source>Balancing into {0} …</source>
        <translation>Equilibrando en {0} …</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/balance_widget.py" line="120"/>
        <source>Output folder for the balanced copy</source>
        <translation>Carpeta de salida para la copia equilibrada</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/balance_widget.py" line="133"/>
        <source>Already balanced: {0} is up to date.</source>
        <translation>Ya equilibrado: {0} está al día.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/balance_widget.py" line="135"/>
        <source>Done in {0} s.</source>
        <translation>Terminado en {0} s.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/balance_widget.py" line="136"/>
        <source>&lt;b&gt;{0}&lt;/b&gt; new images written to &lt;code&gt;{1}&lt;/code&gt;.&lt;br&gt;Now: {2}.</source>
        <translation>&lt;b&gt;{0}&lt;/b&gt; imágenes nuevas escritas en &lt;code&gt;{1}&lt;/code&gt;.&lt;br&gt;Ahora: {2}.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/balance_widget.py" line="139"/>
        <source>{0} file(s) skipped (unreadable).</source>
        <translation>{0} archivo(s) omitido(s) por ilegible(s).</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/balance_widget.py" line="146"/>
        <source>Balancing failed: {0}</source>
        <translation>El equilibrado falló: {0}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/balance_widget.py" line="150"/>
        <source>Balancing cancelled; no output folder was written.</source>
        <translation>Equilibrado cancelado; no se escribió ninguna carpeta de salida.</translation>
    </message>
</context>
<context>
    <name>CaseChange</name>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="295"/>
        <source>change its details</source>
        <translation>cambiar sus datos</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="296"/>
        <source>add fields</source>
        <translation>añadir campos</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="297"/>
        <source>review a field</source>
        <translation>revisar un campo</translation>
    </message>
</context>
<context>
    <name>CasePanel</name>
    <message>
        <location filename="../../leukemia_gui/widgets/case_panel.py" line="35"/>
        <location filename="../../leukemia_gui/widgets/case_panel.py" line="201"/>
        <source>Case</source>
        <translation>Caso</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_panel.py" line="38"/>
        <source>case identifier (pseudonymous)</source>
        <translation>identificador del caso (seudónimo)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_panel.py" line="39"/>
        <source>operator</source>
        <translation>operador</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_panel.py" line="40"/>
        <source>specimen date YYYY-MM-DD</source>
        <translation>fecha de la muestra AAAA-MM-DD</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_panel.py" line="41"/>
        <source>No case open</source>
        <translation>Ningún caso abierto</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_panel.py" line="50"/>
        <source>New case</source>
        <translation>Caso nuevo</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_panel.py" line="50"/>
        <source>Open…</source>
        <translation>Abrir…</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_panel.py" line="51"/>
        <source>Add results</source>
        <translation>Añadir resultados</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_panel.py" line="51"/>
        <location filename="../../leukemia_gui/widgets/case_panel.py" line="335"/>
        <source>Sign…</source>
        <translation>Firmar…</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_panel.py" line="52"/>
        <source>Verify fields…</source>
        <translation>Verificar campos…</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_panel.py" line="53"/>
        <source>Go through the uncertain and no-result fields by keyboard: accept, reclassify or exclude each</source>
        <translation>Recorrer con el teclado los campos inciertos y sin resultado: aceptar, reclasificar o excluir cada uno</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_panel.py" line="55"/>
        <source>New version…</source>
        <translation>Nueva versión…</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_panel.py" line="56"/>
        <source>Change a signed case: the signed version is kept</source>
        <translation>Cambiar un caso firmado: la versión firmada se conserva</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_panel.py" line="57"/>
        <source>Save PDF…</source>
        <translation>Guardar PDF…</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_panel.py" line="58"/>
        <source>Print…</source>
        <translation>Imprimir…</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_panel.py" line="242"/>
        <source>New version</source>
        <translation>Nueva versión</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_panel.py" line="242"/>
        <source>Why does signed case {0} need a change? (version {1} stays in the file as signed)</source>
        <translation>¿Por qué hay que cambiar el caso firmado {0}? (la versión {1} queda en el archivo tal como se firmó)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_panel.py" line="363"/>
        <source>Per class: {0}</source>
        <translation>Por clase: {0}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_panel.py" line="59"/>
        <source>Audit log…</source>
        <translation>Registro de auditoría…</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_panel.py" line="61"/>
        <source>Case ID</source>
        <translation>Id. del caso</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_panel.py" line="63"/>
        <source>Operator</source>
        <translation>Operador</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_panel.py" line="65"/>
        <source>Specimen date</source>
        <translation>Fecha de la muestra</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_panel.py" line="208"/>
        <source>Cases folder</source>
        <translation>Carpeta de casos</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_panel.py" line="214"/>
        <source>Open case</source>
        <translation>Abrir caso</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_panel.py" line="215"/>
        <source>Cases (*.case.json)</source>
        <translation>Casos (*.case.json)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_panel.py" line="223"/>
        <source>Countersign case {0} (version {1}) as:</source>
        <translation>Refrendar el caso {0} (versión {1}) como:</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_panel.py" line="224"/>
        <source>Sign case {0} (version {1}) as:
The time is recorded; the case becomes read-only.</source>
        <translation>Firmar el caso {0} (versión {1}) como:
Se registra la hora; el caso pasa a ser de solo lectura.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_panel.py" line="226"/>
        <source>Second signature</source>
        <translation>Segunda firma</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_panel.py" line="227"/>
        <source>Sign case</source>
        <translation>Firmar caso</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_panel.py" line="252"/>
        <source>Save report</source>
        <translation>Guardar informe</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_panel.py" line="253"/>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_panel.py" line="268"/>
        <source>Print case {0}</source>
        <translation>Imprimir el caso {0}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_panel.py" line="281"/>
        <source>no case reading</source>
        <translation>sin lectura del caso</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_panel.py" line="284"/>
        <source>mean over {0} confident field(s)</source>
        <translation>media de {0} campo(s) con confianza</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_panel.py" line="285"/>
        <source>all {0} field(s) uncertain, mean over all</source>
        <translation>los {0} campo(s) inciertos, media de todos</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_panel.py" line="286"/>
        <source>{0} {1} % ({2}); {3} of {4} field(s) agree</source>
        <translation>{0} {1} % ({2}); {3} de {4} campo(s) coinciden</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_panel.py" line="289"/>
        <source>{0} uncertain not counted</source>
        <translation>{0} inciertos sin contar</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_panel.py" line="291"/>
        <source>{0} with no result</source>
        <translation>{0} sin resultado</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_panel.py" line="293"/>
        <source>{0} unreadable</source>
        <translation>{0} ilegibles</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_panel.py" line="295"/>
        <source> — UNCERTAIN</source>
        <translation> — INCIERTO</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_panel.py" line="335"/>
        <source>Second signature…</source>
        <translation>Segunda firma…</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_panel.py" line="340"/>
        <source>No case open: give an identifier and press New case, or open one</source>
        <translation>Ningún caso abierto: escriba un identificador y pulse Caso nuevo, o abra uno</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_panel.py" line="348"/>
        <source>SIGNED by {0} (read-only)</source>
        <translation>FIRMADO por {0} (solo lectura)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_panel.py" line="350"/>
        <source>not signed, {0} flagged field(s) to review</source>
        <translation>sin firmar, {0} campo(s) marcado(s) por revisar</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_panel.py" line="352"/>
        <source>not signed</source>
        <translation>sin firmar</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_panel.py" line="355"/>
        <source>{0} {1} field(s), {2} cells</source>
        <translation>{0} {1} campo(s), {2} células</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_panel.py" line="302"/>
        <source>Blasts: not available (this model classifies whole fields, not cells)</source>
        <translation>Blastos: no disponible (este modelo clasifica campos enteros, no células)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_panel.py" line="306"/>
        <source>Blasts: no classified white cell in the included fields</source>
        <translation>Blastos: ningún leucocito clasificado en los campos incluidos</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_panel.py" line="308"/>
        <source>Blasts {0} % ({1} of {2} cells; 95 % CI {3}–{4} %)</source>
        <translation>Blastos {0} % ({1} de {2} células; IC 95 % {3}–{4} %)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_panel.py" line="311"/>
        <source>Cells per class: {0} ({1} in {2} included field(s)); blasts are the cells classified Early, Pre or Pro (Benign: hematogones)</source>
        <translation>Células por clase: {0} ({1} en {2} campo(s) incluido(s)); los blastos son las células clasificadas Early, Pre o Pro (Benign: hematogonas)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_panel.py" line="315"/>
        <source>{0} of the cells ({1} blasts) are in {2} reclassified field(s): counted as the model classified them</source>
        <translation>{0} de las células ({1} blastos) están en {2} campo(s) reclasificado(s): contadas como las clasificó el modelo</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_panel.py" line="319"/>
        <source>{0} cell(s) beyond the model&apos;s limit per field not classified, not counted</source>
        <translation>{0} célula(s) por encima del límite del modelo por campo: sin clasificar, no contadas</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_panel.py" line="354"/>
        <source>{0} {1} field(s)</source>
        <translation>{0} {1} campo(s)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_panel.py" line="360"/>
        <source>Case {0} v{1}: {2} field(s); {3}; {4}</source>
        <translation>Caso {0} v{1}: {2} campo(s); {3}; {4}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_panel.py" line="362"/>
        <source>no fields yet</source>
        <translation>aún sin campos</translation>
    </message>
</context>
<context>
    <name>CaseReview</name>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="298"/>
        <source>reclassify</source>
        <translation>reclasificar</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="299"/>
        <source>exclude</source>
        <translation>excluir</translation>
    </message>
</context>
<context>
    <name>CaseReviewDialog</name>
    <message>
        <location filename="../../leukemia_gui/widgets/case_review_dialog.py" line="55"/>
        <source>Verify case {0}</source>
        <translation>Verificar el caso {0}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_review_dialog.py" line="66"/>
        <source>No image</source>
        <translation>Sin imagen</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_review_dialog.py" line="74"/>
        <source>out of focus</source>
        <translation>desenfocado</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_review_dialog.py" line="74"/>
        <source>no white cells in the field</source>
        <translation>sin leucocitos en el campo</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_review_dialog.py" line="75"/>
        <source>stain or smear artefact</source>
        <translation>artefacto de tinción o de extensión</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_review_dialog.py" line="76"/>
        <source>class read by eye at higher magnification</source>
        <translation>clase leída a simple vista con más aumento</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_review_dialog.py" line="77"/>
        <source>not a peripheral blood smear</source>
        <translation>no es un frotis de sangre periférica</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_review_dialog.py" line="78"/>
        <source>reason (needed to reclassify or exclude)</source>
        <translation>motivo (necesario para reclasificar o excluir)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_review_dialog.py" line="80"/>
        <source>A  Accept</source>
        <translation>A  Aceptar</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_review_dialog.py" line="81"/>
        <source>The model&apos;s reading stands (key A)</source>
        <translation>La lectura del modelo se mantiene (tecla A)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_review_dialog.py" line="86"/>
        <source>Reclassify:</source>
        <translation>Reclasificar:</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_review_dialog.py" line="89"/>
        <source>Reclassify as {0} (key {1}); needs a reason</source>
        <translation>Reclasificar como {0} (tecla {1}); necesita un motivo</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_review_dialog.py" line="94"/>
        <source>X  Exclude</source>
        <translation>X  Excluir</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_review_dialog.py" line="95"/>
        <source>Leave this field out of the case (key X or Delete); needs a reason</source>
        <translation>Dejar este campo fuera del caso (tecla X o Supr); necesita un motivo</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_review_dialog.py" line="99"/>
        <source>← Previous</source>
        <translation>← Anterior</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_review_dialog.py" line="99"/>
        <source>Next →</source>
        <translation>Siguiente →</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_review_dialog.py" line="100"/>
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_review_dialog.py" line="112"/>
        <source>Keys: A accept · 1–4 reclassify · X or Delete exclude · ← → move · R reason · Esc close</source>
        <translation>Teclas: A aceptar · 1–4 reclasificar · X o Supr excluir · ← → moverse · R motivo · Esc cerrar</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_review_dialog.py" line="117"/>
        <source>Reason</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_review_dialog.py" line="186"/>
        <source>Exclude</source>
        <translation>Excluir</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_review_dialog.py" line="187"/>
        <source>Reclassify as {0}</source>
        <translation>Reclasificar como {0}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_review_dialog.py" line="188"/>
        <source>{0}: type the reason, then Enter (Esc: cancel).</source>
        <translation>{0}: escriba el motivo y pulse Intro (Esc: cancelar).</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_review_dialog.py" line="195"/>
        <source>Not saved: {0}</source>
        <translation>No guardado: {0}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_review_dialog.py" line="199"/>
        <location filename="../../leukemia_gui/widgets/case_review_dialog.py" line="273"/>
        <source>accepted</source>
        <translation>aceptado</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_review_dialog.py" line="199"/>
        <location filename="../../leukemia_gui/widgets/case_review_dialog.py" line="273"/>
        <source>excluded</source>
        <translation>excluido</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_review_dialog.py" line="200"/>
        <location filename="../../leukemia_gui/widgets/case_review_dialog.py" line="274"/>
        <source>reclassified as {0}</source>
        <translation>reclasificado como {0}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_review_dialog.py" line="203"/>
        <source>Field {0}: {1}.</source>
        <translation>Campo {0}: {1}.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_review_dialog.py" line="216"/>
        <source>Cancelled; nothing saved.</source>
        <translation>Cancelado; no se guardó nada.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_review_dialog.py" line="236"/>
        <source>No uncertain or no-result fields: nothing to verify.</source>
        <translation>No hay campos inciertos ni sin resultado: nada que verificar.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_review_dialog.py" line="240"/>
        <source>Field {0} of {1} · {2} decided, {3} to go</source>
        <translation>Campo {0} de {1} · {2} decididos, faltan {3}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_review_dialog.py" line="242"/>
        <source> · signed: read-only (make a new version to change it)</source>
        <translation> · firmado: solo lectura (cree una nueva versión para cambiarlo)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_review_dialog.py" line="249"/>
        <source>unreadable: {0}</source>
        <translation>ilegible: {0}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_review_dialog.py" line="251"/>
        <source>no result (unlike the training images)</source>
        <translation>sin resultado (distinto de las imágenes de entrenamiento)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_review_dialog.py" line="253"/>
        <source>{0}, confidence {1} %</source>
        <translation>{0}, confianza {1} %</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_review_dialog.py" line="256"/>
        <source> · uncertain</source>
        <translation> · incierto</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_review_dialog.py" line="257"/>
        <source>#{0} {1}</source>
        <translation>n.º {0} {1}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_review_dialog.py" line="258"/>
        <source>Model: {0}</source>
        <translation>Modelo: {0}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_review_dialog.py" line="261"/>
        <source>Why flagged: {0}</source>
        <translation>Por qué se señala: {0}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_review_dialog.py" line="263"/>
        <source>White cells found: {0}</source>
        <translation>Leucocitos encontrados: {0}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_review_dialog.py" line="267"/>
        <source>The model&apos;s class of each cell: {0} ({1} blasts)</source>
        <translation>Clase de cada célula según el modelo: {0} ({1} blastos)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_review_dialog.py" line="269"/>
        <source>Reclassifying the field keeps these cell classes in the case&apos;s count; excluding it takes its cells out.</source>
        <translation>Reclasificar el campo mantiene estas clases de célula en el recuento del caso; excluirlo retira sus células.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_review_dialog.py" line="276"/>
        <source>Decision: {0} by {1}</source>
        <translation>Decisión: {0} por {1}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_review_dialog.py" line="279"/>
        <source>Decision: none yet</source>
        <translation>Decisión: ninguna todavía</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/case_review_dialog.py" line="289"/>
        <source>Cannot show the image: {0}</source>
        <translation>No se puede mostrar la imagen: {0}</translation>
    </message>
</context>
<context>
    <name>CaseRole</name>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="293"/>
        <source>operator</source>
        <translation>del operador</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="294"/>
        <source>signer</source>
        <translation>del firmante</translation>
    </message>
</context>
<context>
    <name>CellStripWidget</name>
    <message>
        <location filename="../../leukemia_gui/widgets/cell_strip.py" line="97"/>
        <source>Cell {0}: {1}, {2} · weight in the field&apos;s result {3}</source>
        <translation>Célula {0}: {1}, {2} · peso en el resultado del campo {3}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/cell_strip.py" line="94"/>
        <source>Cell {0}: not read by the model (past the most cells it reads in a field)</source>
        <translation>Célula {0}: el modelo no la leyó (pasa del máximo de células que lee en un campo)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/cell_strip.py" line="78"/>
        <source>{0} %</source>
        <translation>{0} %</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/cell_strip.py" line="261"/>
        <source>No white cell found in this field.</source>
        <translation>No se encontró ningún leucocito en este campo.</translation>
    </message>
</context>
<context>
    <name>ChangedPredictionsWidget</name>
    <message>
        <location filename="../../leukemia_gui/widgets/comparison_view.py" line="174"/>
        <source>Image</source>
        <translation>Imagen</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/comparison_view.py" line="175"/>
        <source>Label</source>
        <translation>Etiqueta</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/comparison_view.py" line="176"/>
        <source>Outcome</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/comparison_view.py" line="190"/>
        <source>Double-click an image to see it large with model B&apos;s probabilities</source>
        <translation>Doble clic en una imagen para verla en grande con las probabilidades del modelo B</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/comparison_view.py" line="201"/>
        <source>fixed (B right)</source>
        <translation>corregida (B acierta)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/comparison_view.py" line="201"/>
        <source>broken (A was right)</source>
        <translation>empeorada (A acertaba)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/comparison_view.py" line="202"/>
        <source>still wrong</source>
        <translation>sigue errónea</translation>
    </message>
</context>
<context>
    <name>ClassNames</name>
    <message>
        <location filename="../../leukemia_gui/class_names.py" line="30"/>
        <source>Pro-B</source>
        <translation>Pro-B</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/class_names.py" line="29"/>
        <source>Pre-B</source>
        <translation>Pre-B</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/class_names.py" line="28"/>
        <source>Early Pre-B</source>
        <translation>Pre-B temprana</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/class_names.py" line="27"/>
        <source>Benign</source>
        <translation>Benigno</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/class_names.py" line="13"/>
        <source>Benign (hematogones)</source>
        <translation>Benigno (hematogonas)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/class_names.py" line="14"/>
        <source>Early Pre-B ALL</source>
        <translation>LLA pre-B temprana</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/class_names.py" line="15"/>
        <source>Pre-B ALL</source>
        <translation>LLA pre-B</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/class_names.py" line="16"/>
        <source>Pro-B ALL</source>
        <translation>LLA pro-B</translation>
    </message>
</context>
<context>
    <name>ClassifyTab</name>
    <message>
        <location filename="../../leukemia_gui/tabs/classify_view.py" line="161"/>
        <source>Cells of the case: {0}, by their field&apos;s class, most weight first; click one to see its field.</source>
        <translation>Células del caso: {0}, por la clase de su campo, las de más peso primero; pulse una para ver su campo.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/classify_view.py" line="158"/>
        <source>Cells of the case: the first {0} of {1}, by their field&apos;s class, most weight first; click one to see its field.</source>
        <translation>Células del caso: las primeras {0} de {1}, por la clase de su campo, las de más peso primero; pulse una para ver su campo.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/classify_view.py" line="41"/>
        <source>Add images…</source>
        <translation>Añadir imágenes…</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/classify_view.py" line="42"/>
        <source>Add folder…</source>
        <translation>Añadir carpeta…</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/classify_view.py" line="43"/>
        <source>Paste</source>
        <translation>Pegar</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/classify_view.py" line="44"/>
        <source>Classify an image or image files from the clipboard (Ctrl+V)</source>
        <translation>Clasificar una imagen o archivos de imagen del portapapeles (Ctrl+V)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/classify_view.py" line="46"/>
        <source>Clear</source>
        <translation>Vaciar</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/classify_view.py" line="47"/>
        <source>Export CSV…</source>
        <translation>Exportar CSV…</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/classify_view.py" line="48"/>
        <source>Review queue…</source>
        <translation>Cola de revisión…</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/classify_view.py" line="49"/>
        <source>Go through the uncertain images (and, in class folders, the ones predicted differently) in the Review tab</source>
        <translation>Recorrer las imágenes inciertas (y, en carpetas por clase, las clasificadas de otro modo) en la pestaña Revisar</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/classify_view.py" line="54"/>
        <source>One case</source>
        <translation>Un caso</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/classify_view.py" line="55"/>
        <source>The images are fields of one smear: also read them together (mean probability over the confident fields)</source>
        <translation>Las imágenes son campos de un mismo frotis: leerlas también juntas (probabilidad media de los campos seguros)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/classify_view.py" line="67"/>
        <source>Drop image files or folders here, or use Add images… / Add folder… / Ctrl+V.</source>
        <translation>Arrastre aquí archivos de imagen o carpetas, o use Añadir imágenes… / Añadir carpeta… / Ctrl+V.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/classify_view.py" line="71"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/classify_view.py" line="102"/>
        <source>Select or drop an image</source>
        <translation>Seleccione o arrastre una imagen</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/classify_tab.py" line="121"/>
        <source>The clipboard holds no image or image files.</source>
        <translation>El portapapeles no contiene ninguna imagen ni archivos de imagen.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/classify_tab.py" line="200"/>
        <source>Classifying…</source>
        <translation>Clasificando…</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/classify_tab.py" line="273"/>
        <source>Classified {0} image(s).</source>
        <translation>{0} imagen(es) clasificada(s).</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/classify_tab.py" line="274"/>
        <source>No image files found.</source>
        <translation>No se encontraron archivos de imagen.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/classify_tab.py" line="280"/>
        <source>Cancelled after {0} image(s).</source>
        <translation>Cancelado tras {0} imagen(es).</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/classify_tab.py" line="375"/>
        <source>Model: none</source>
        <translation>Modelo: ninguno</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/classify_tab.py" line="377"/>
        <source>Model: {0}</source>
        <translation>Modelo: {0}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/classify_view.py" line="142"/>
        <source>{0}: cell {1} of {2}</source>
        <translation>{0}: célula {1} de {2}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/classify_view.py" line="149"/>
        <source>No result</source>
        <translation>Sin resultado</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/classify_view.py" line="151"/>
        <source>{0}: {1} cell(s) in {2} field(s)</source>
        <translation>{0}: {1} célula(s) en {2} campo(s)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/classify_view.py" line="156"/>
        <source>No white cell found in any field of the case.</source>
        <translation>No se encontró ningún leucocito en ningún campo del caso.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/classify_view.py" line="165"/>
        <source>Cells of the case: the first {0} of {1}, by their field&apos;s class; click one to see its field.</source>
        <translation>Células del caso: las primeras {0} de {1}, por la clase de su campo; haga clic en una para ver su campo.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/classify_view.py" line="169"/>
        <source>Cells of the case: {0}, by their field&apos;s class; click one to see its field.</source>
        <translation>Células del caso: {0}, por la clase de su campo; haga clic en una para ver su campo.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/classify_tab.py" line="387"/>
        <source>No heatmap: this image has no result, so there is no class to show evidence for.</source>
        <translation>Sin mapa de calor: esta imagen no tiene resultado, así que no hay clase de la que mostrar indicios.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/classify_tab.py" line="154"/>
        <source>No model is loaded, so nothing can be classified.</source>
        <translation>No hay ningún modelo cargado, así que no se puede clasificar nada.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/classify_tab.py" line="174"/>
        <source>Could not write the audit log: {0}</source>
        <translation>No se pudo escribir el registro de auditoría: {0}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/classify_tab.py" line="185"/>
        <source>Classified {0}.</source>
        <translation>{0} clasificada.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/classify_tab.py" line="277"/>
        <source>Classification stopped: {0}</source>
        <translation>Clasificación detenida: {0}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/classify_tab.py" line="315"/>
        <source>Add images</source>
        <translation>Añadir imágenes</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/classify_tab.py" line="316"/>
        <source>Images (*.jpg *.jpeg *.png *.bmp *.tif *.tiff);;All files (*)</source>
        <translation>Imágenes (*.jpg *.jpeg *.png *.bmp *.tif *.tiff);;Todos los archivos (*)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/classify_tab.py" line="322"/>
        <source>Add folder</source>
        <translation>Añadir carpeta</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/classify_tab.py" line="342"/>
        <source>Export results</source>
        <translation>Exportar resultados</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/classify_tab.py" line="343"/>
        <source>CSV files (*.csv)</source>
        <translation>Archivos CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/classify_tab.py" line="352"/>
        <source>Not written: {0}</source>
        <translation>No escrito: {0}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/classify_tab.py" line="355"/>
        <source>Export cancelled; nothing was written.</source>
        <translation>Exportación cancelada; no se escribió nada.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/classify_tab.py" line="360"/>
        <source>Could not write {0}: {1}</source>
        <translation>No se pudo escribir {0}: {1}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/classify_tab.py" line="363"/>
        <source>Exported {0} row(s) to {1}.</source>
        <translation>{0} fila(s) exportadas a {1}.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/classify_tab.py" line="372"/>
        <source>No model is loaded, so nothing can be classified. Open a model folder from the File menu.</source>
        <translation>No hay ningún modelo cargado, así que no se puede clasificar nada. Abra una carpeta de modelo desde el menú Archivo.</translation>
    </message>
</context>
<context>
    <name>CompareTab</name>
    <message>
        <location filename="../../leukemia_gui/tabs/compare_tab.py" line="51"/>
        <source>model {0}: {1}</source>
        <translation>modelo {0}: {1}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/compare_tab.py" line="72"/>
        <source>No labelled data chosen</source>
        <translation>No se han elegido datos etiquetados</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/compare_tab.py" line="74"/>
        <source>Folder…</source>
        <translation>Carpeta…</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/compare_tab.py" line="75"/>
        <source>Manifest…</source>
        <translation>Manifiesto…</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/compare_tab.py" line="77"/>
        <source>test</source>
        <translation>prueba</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/compare_tab.py" line="77"/>
        <source>val</source>
        <translation>validación</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/compare_tab.py" line="77"/>
        <source>train</source>
        <translation>entrenamiento</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/compare_tab.py" line="79"/>
        <source>Which split of the manifest to compare on</source>
        <translation>Con qué parte del manifiesto comparar</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/compare_tab.py" line="81"/>
        <source>The reference model (“before”)</source>
        <translation>El modelo de referencia («antes»)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/compare_tab.py" line="83"/>
        <source>The candidate model (“after”), e.g. the one just trained</source>
        <translation>El modelo candidato («después»), p. ej., el recién entrenado</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/compare_tab.py" line="84"/>
        <source>Compare</source>
        <translation>Comparar</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/compare_tab.py" line="86"/>
        <source>Both models are evaluated on the same images.</source>
        <translation>Ambos modelos se evalúan con las mismas imágenes.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/compare_tab.py" line="87"/>
        <source>Export JSON…</source>
        <translation>Exportar JSON…</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/compare_tab.py" line="88"/>
        <location filename="../../leukemia_gui/tabs/compare_tab.py" line="198"/>
        <location filename="../../leukemia_gui/tabs/compare_tab.py" line="336"/>
        <source>Use model B</source>
        <translation>Usar el modelo B</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/compare_tab.py" line="89"/>
        <source>Make model B the active model; the previous one stays in File → Recent models.</source>
        <translation>Hacer del modelo B el modelo activo; el anterior queda en Archivo → Modelos recientes.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/compare_tab.py" line="92"/>
        <source>Labelled data:</source>
        <translation>Datos etiquetados:</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/compare_tab.py" line="94"/>
        <source>Split:</source>
        <translation>Parte:</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/compare_tab.py" line="98"/>
        <source>Model A (before):</source>
        <translation>Modelo A (antes):</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/compare_tab.py" line="100"/>
        <source>Model B (after):</source>
        <translation>Modelo B (después):</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/compare_tab.py" line="118"/>
        <source>Images whose prediction changed appear here.</source>
        <translation>Aquí aparecen las imágenes cuya predicción cambió.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/compare_tab.py" line="175"/>
        <source>Comparing {0} and {1} on {2}…</source>
        <translation>Comparando {0} y {1} con {2}…</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/compare_tab.py" line="199"/>
        <source>This model cannot be used:

{0}</source>
        <translation>Este modelo no se puede usar:

{0}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/compare_tab.py" line="201"/>
        <source>Model B ({0}) is now active; the previous model is in File → Recent models.</source>
        <translation>El modelo B ({0}) es ahora el activo; el anterior está en Archivo → Modelos recientes.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/compare_tab.py" line="224"/>
        <source>Evaluating {0}</source>
        <translation>Evaluando {0}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/compare_tab.py" line="233"/>
        <source>{0} image(s) changed prediction: {1} now right, {2} now wrong. Double-click one to inspect it.</source>
        <translation>{0} imagen(es) cambiaron de predicción: {1} ahora acertada(s), {2} ahora errónea(s). Doble clic en una para examinarla.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/compare_tab.py" line="237"/>
        <source>Compared {0} (A) and {1} (B) on {2} images in {3} s.</source>
        <translation>Comparados {0} (A) y {1} (B) con {2} imágenes en {3} s.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/compare_tab.py" line="241"/>
        <source>Comparison failed: {0}</source>
        <translation>La comparación falló: {0}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/compare_tab.py" line="244"/>
        <source>Comparison cancelled.</source>
        <translation>Comparación cancelada.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/compare_tab.py" line="248"/>
        <source>Labelled image folder</source>
        <translation>Carpeta de imágenes etiquetadas</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/compare_tab.py" line="253"/>
        <source>Split manifest</source>
        <translation>Manifiesto de partición</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/compare_tab.py" line="254"/>
        <source>Split manifests (*.json *.csv)</source>
        <translation>Manifiestos de partición (*.json *.csv)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/compare_tab.py" line="262"/>
        <source>Export comparison</source>
        <translation>Exportar la comparación</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/compare_tab.py" line="262"/>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/compare_tab.py" line="269"/>
        <source>Not written: {0}</source>
        <translation>No se escribió: {0}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/compare_tab.py" line="272"/>
        <source>Export cancelled; nothing was written.</source>
        <translation>Exportación cancelada; no se escribió nada.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/compare_tab.py" line="277"/>
        <source>Could not write the comparison: {0}</source>
        <translation>No se pudo escribir la comparación: {0}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/compare_tab.py" line="280"/>
        <source>Wrote {0}.</source>
        <translation>Escrito {0}.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/compare_tab.py" line="292"/>
        <source>{0} — model B</source>
        <translation>{0} — modelo B</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/compare_tab.py" line="320"/>
        <source>split manifest</source>
        <translation>manifiesto de partición</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/compare_tab.py" line="320"/>
        <source>folder (all images)</source>
        <translation>carpeta (todas las imágenes)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/compare_tab.py" line="326"/>
        <source>Choose two different models</source>
        <translation>Elija dos modelos distintos</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/compare_tab.py" line="327"/>
        <source>Evaluate both models on the same images</source>
        <translation>Evaluar ambos modelos con las mismas imágenes</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/compare_tab.py" line="336"/>
        <source>Model B is active ✓</source>
        <translation>El modelo B está activo ✓</translation>
    </message>
</context>
<context>
    <name>Comparison</name>
    <message>
        <location filename="../../leukemia_gui/widgets/comparison_view.py" line="32"/>
        <source>Accuracy</source>
        <translation>Exactitud</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/comparison_view.py" line="33"/>
        <source>Balanced accuracy</source>
        <translation>Exactitud equilibrada</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/comparison_view.py" line="34"/>
        <source>Macro F1</source>
        <translation>F1 macro</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/comparison_view.py" line="35"/>
        <source>Loss (lower is better)</source>
        <translation>Pérdida (cuanto menor, mejor)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/comparison_view.py" line="36"/>
        <source>ECE (lower is better)</source>
        <translation>ECE (cuanto menor, mejor)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/comparison_view.py" line="37"/>
        <source>Uncertain rate (lower is better)</source>
        <translation>Tasa de inciertas (cuanto menor, mejor)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/comparison_view.py" line="70"/>
        <source>Both models are right and wrong on exactly the same images, so this data cannot tell them apart.</source>
        <translation>Ambos modelos aciertan y fallan exactamente en las mismas imágenes, así que estos datos no permiten distinguirlos.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/comparison_view.py" line="73"/>
        <source>Of the {0} image(s) only one model got right, B got {1} and A got {2}. If the two models were equally good, a split at least this uneven would happen </source>
        <translation>De las {0} imagen(es) que solo un modelo acertó, B acertó {1} y A acertó {2}. Si ambos modelos fueran igual de buenos, un reparto al menos así de desigual ocurriría </translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/comparison_view.py" line="77"/>
        <source>only {0} % of the time: the difference is unlikely to be chance, and model {1} did better on images like these.</source>
        <translation>solo el {0} % de las veces: es poco probable que la diferencia sea casual, y el modelo {1} lo hizo mejor con imágenes como estas.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/comparison_view.py" line="80"/>
        <source>{0} % of the time: the difference could well be chance.</source>
        <translation>el {0} % de las veces: la diferencia bien podría ser casual.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/comparison_view.py" line="83"/>
        <source> With so few such images no test could show one; label more images first.</source>
        <translation> Con tan pocas imágenes así ninguna prueba podría mostrarla; etiquete antes más imágenes.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/comparison_view.py" line="113"/>
        <source>B is better</source>
        <translation>B es mejor</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/comparison_view.py" line="114"/>
        <source>B is worse</source>
        <translation>B es peor</translation>
    </message>
</context>
<context>
    <name>ComparisonSummaryWidget</name>
    <message>
        <location filename="../../leukemia_gui/widgets/comparison_view.py" line="126"/>
        <source>Metric</source>
        <translation>Métrica</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/comparison_view.py" line="126"/>
        <location filename="../../leukemia_gui/widgets/comparison_view.py" line="127"/>
        <source>Change</source>
        <translation>Cambio</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/comparison_view.py" line="127"/>
        <source>Sensitivity</source>
        <translation>Sensibilidad</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/comparison_view.py" line="129"/>
        <source>Sensitivity: of the images labelled with a class, the share the model found</source>
        <translation>Sensibilidad: de las imágenes etiquetadas con una clase, la proporción que el modelo reconoció</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/comparison_view.py" line="140"/>
        <source>Compare two models to see whether B differs from A.</source>
        <translation>Compare dos modelos para ver si B difiere de A.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/comparison_view.py" line="142"/>
        <source>Exact McNemar test (paired right/wrong)</source>
        <translation>Prueba exacta de McNemar (aciertos/errores emparejados)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/comparison_view.py" line="143"/>
        <source>On the same images: how often only A or only B was right. p is how often a split this uneven would happen if both were equally good.</source>
        <translation>Con las mismas imágenes: cuántas veces acertó solo A o solo B. p es la frecuencia con que ocurriría un reparto así de desigual si ambos fueran igual de buenos.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/comparison_view.py" line="164"/>
        <source>A right, B wrong: &lt;b&gt;{0}&lt;/b&gt; · A wrong, B right: &lt;b&gt;{1}&lt;/b&gt; · same outcome: {2} of {3} images</source>
        <translation>A acierta, B falla: &lt;b&gt;{0}&lt;/b&gt; · A falla, B acierta: &lt;b&gt;{1}&lt;/b&gt; · mismo resultado: {2} de {3} imágenes</translation>
    </message>
</context>
<context>
    <name>CoreText</name>
    <message>
        <location filename="../../leukemia_gui/core_text.py" line="23"/>
        <source>no field is like the training images</source>
        <translation>ningún campo se parece a las imágenes de entrenamiento</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/core_text.py" line="24"/>
        <source>no field could be classified</source>
        <translation>no se pudo clasificar ningún campo</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/core_text.py" line="25"/>
        <source>no fields</source>
        <translation>sin campos</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/core_text.py" line="27"/>
        <source>no field was classified with confidence</source>
        <translation>ningún campo se clasificó con seguridad</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/core_text.py" line="29"/>
        <source>only {0} of {1} fields agree</source>
        <translation>solo {0} de {1} campos coinciden</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/core_text.py" line="36"/>
        <source>; {0} field(s) unlike the training images, no result</source>
        <translation>; {0} campo(s) distintos de las imágenes de entrenamiento, sin resultado</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/core_text.py" line="38"/>
        <source>; {0} unreadable</source>
        <translation>; {0} ilegibles</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/core_text.py" line="40"/>
        <source> ({0} unreadable)</source>
        <translation> ({0} ilegibles)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/core_text.py" line="43"/>
        <source>mean over {0} confident field(s)</source>
        <translation>media de {0} campo(s) seguros</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/core_text.py" line="45"/>
        <source>; {0} uncertain field(s) not counted</source>
        <translation>; {0} campo(s) inciertos sin contar</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/core_text.py" line="48"/>
        <source>all {0} field(s) uncertain, mean over all</source>
        <translation>los {0} campo(s) inciertos, media de todos</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/core_text.py" line="50"/>
        <source>{0} {1}% ({2}); {3} of {4} field(s) agree</source>
        <translation>{0} {1} % ({2}); {3} de {4} campo(s) coinciden</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/core_text.py" line="54"/>
        <source> — UNCERTAIN: {0}</source>
        <translation> — INCIERTO: {0}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/core_text.py" line="61"/>
        <source>Case, {0} image(s) read together:</source>
        <translation>Caso, {0} imagen(es) leídas en conjunto:</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/core_text.py" line="70"/>
        <source>test accuracy not measured</source>
        <translation>exactitud de prueba no medida</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/core_text.py" line="77"/>
        <source>test accuracy {0} %</source>
        <translation>exactitud de prueba {0} %</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/core_text.py" line="78"/>
        <source>benchmark test accuracy {0} %</source>
        <translation>exactitud de prueba de la referencia {0} %</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/core_text.py" line="79"/>
        <source> (n={0})</source>
        <translation> (n={0})</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/core_text.py" line="80"/>
        <source> (n not recorded)</source>
        <translation> (n no registrado)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/core_text.py" line="81"/>
        <source>, too small to estimate</source>
        <translation>, demasiado pequeña para estimar</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/core_text.py" line="86"/>
        <source>only {0} images were read by both models; the test uses those</source>
        <translation>solo {0} imágenes fueron leídas por ambos modelos; la prueba usa esas</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/core_text.py" line="88"/>
        <source>{0} of the {1} images were in model {2}&apos;s training data; its figures are optimistic</source>
        <translation>{0} de las {1} imágenes estaban en los datos de entrenamiento del modelo {2}; sus cifras son optimistas</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/core_text.py" line="90"/>
        <source>model {0} was continued from another model; {1}</source>
        <translation>el modelo {0} se continuó a partir de otro modelo; {1}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/core_text.py" line="91"/>
        <source>making model {0} active needs an override: {1}</source>
        <translation>activar el modelo {0} requiere una excepción: {1}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/core_text.py" line="92"/>
        <source>too few images to estimate either model&apos;s accuracy: {0}</source>
        <translation>demasiado pocas imágenes para estimar la exactitud de ninguno de los modelos: {0}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/core_text.py" line="95"/>
        <source>the parent has none</source>
        <translation>el modelo padre no tiene ninguna</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/core_text.py" line="96"/>
        <source>the parent carries no reference images of its origin</source>
        <translation>el modelo padre no lleva imágenes de referencia de su origen</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/core_text.py" line="135"/>
        <source>{0}: no images</source>
        <translation>{0}: sin imágenes</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/core_text.py" line="138"/>
        <source>{0} {1}% ({2} of {3}, 95% CI {4}-{5}%)</source>
        <translation>{0} {1} % ({2} de {3}, IC 95 % {4}-{5} %)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/core_text.py" line="144"/>
        <source>{0} image(s), fewer than {1}</source>
        <translation>{0} imagen(es), menos de {1}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/core_text.py" line="148"/>
        <source>fewer than {0} of {1}</source>
        <translation>menos de {0} de {1}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/core_text.py" line="150"/>
        <source>: too small to estimate ({0})</source>
        <translation>: demasiado pequeña para estimarla ({0})</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/core_text.py" line="163"/>
        <source>parent</source>
        <translation>modelo padre</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/core_text.py" line="163"/>
        <source>this model</source>
        <translation>este modelo</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/core_text.py" line="167"/>
        <source>independent</source>
        <translation>independiente</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/core_text.py" line="168"/>
        <source>NOT independent: seen by the parent</source>
        <translation>NO independiente: vista por el modelo padre</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/core_text.py" line="169"/>
        <source>reference ({0}): {1}; {2}</source>
        <translation>referencia ({0}): {1}; {2}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/core_text.py" line="174"/>
        <source>reference change: {0} points</source>
        <translation>cambio en la referencia: {0} puntos</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/core_text.py" line="177"/>
        <source> (more than {0}: making it active needs an override)</source>
        <translation> (más de {0}: activarlo requiere una excepción)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/core_text.py" line="181"/>
        <source>reference: {0}</source>
        <translation>referencia: {0}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/core_text.py" line="184"/>
        <source>reference: none carried ({0})</source>
        <translation>referencia: no lleva ninguna ({0})</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/core_text.py" line="186"/>
        <source>new lab&apos;s held-out part: {0}; {1}</source>
        <translation>parte reservada del nuevo laboratorio: {0}; {1}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/core_text.py" line="189"/>
        <source>new lab&apos;s held-out part: no test images</source>
        <translation>parte reservada del nuevo laboratorio: sin imágenes de prueba</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/core_text.py" line="202"/>
        <source>it was continued from another model and carries no reference of that model&apos;s origin, so nothing shows that it still reads those images</source>
        <translation>se continuó a partir de otro modelo y no lleva ninguna referencia del origen de ese modelo, así que nada muestra que aún lea esas imágenes</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/core_text.py" line="210"/>
        <source>it loses {0} points on its origin&apos;s reference (more than {1}): {2} before, {3} after, n={4}</source>
        <translation>pierde {0} puntos en la referencia de su origen (más de {1}): {2} antes, {3} después, n={4}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/core_text.py" line="232"/>
        <source>accuracy</source>
        <translation>exactitud</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/core_text.py" line="238"/>
        <source>train</source>
        <translation>entrenamiento</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/core_text.py" line="239"/>
        <source>val</source>
        <translation>validación</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/core_text.py" line="240"/>
        <source>test</source>
        <translation>prueba</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/core_text.py" line="241"/>
        <source>epochs</source>
        <translation>épocas</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/core_text.py" line="242"/>
        <source>epochs_run</source>
        <translation>épocas hechas</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/core_text.py" line="243"/>
        <source>best_epoch</source>
        <translation>mejor época</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/core_text.py" line="244"/>
        <source>batch_size</source>
        <translation>tamaño de lote</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/core_text.py" line="245"/>
        <source>image_size</source>
        <translation>tamaño de imagen</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/core_text.py" line="246"/>
        <source>learning_rate</source>
        <translation>tasa de aprendizaje</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/core_text.py" line="247"/>
        <source>seed</source>
        <translation>semilla</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/core_text.py" line="248"/>
        <source>seconds</source>
        <translation>segundos</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/core_text.py" line="293"/>
        <source>Model</source>
        <translation>Modelo</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/core_text.py" line="294"/>
        <source>Architecture</source>
        <translation>Arquitectura</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/core_text.py" line="295"/>
        <source>Created</source>
        <translation>Creado</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/core_text.py" line="296"/>
        <source>App version</source>
        <translation>Versión de la app</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/core_text.py" line="297"/>
        <source>Input</source>
        <translation>Entrada</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/core_text.py" line="299"/>
        <source>Training data (images per split and class):</source>
        <translation>Datos de entrenamiento (imágenes por parte y clase):</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/core_text.py" line="305"/>
        <source>Settings: {0}</source>
        <translation>Ajustes: {0}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/core_text.py" line="309"/>
        <source>Test metrics (at training time):</source>
        <translation>Métricas de prueba (al entrenar):</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/core_text.py" line="312"/>
        <source>Images</source>
        <translation>Imágenes</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/core_text.py" line="313"/>
        <source>Balanced accuracy</source>
        <translation>Exactitud equilibrada</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/core_text.py" line="314"/>
        <source>Loss</source>
        <translation>Pérdida</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/core_text.py" line="315"/>
        <source>ECE</source>
        <translation>ECE</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/core_text.py" line="316"/>
        <source>Uncertain rate</source>
        <translation>Proporción de inciertas</translation>
    </message>
</context>
<context>
    <name>CorrectionButtonsWidget</name>
    <message>
        <location filename="../../leukemia_gui/widgets/correction_keys.py" line="97"/>
        <source>Correct to:</source>
        <translation>Corregir a:</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/correction_keys.py" line="100"/>
        <source>Looked at, no decision: keep the label, report it</source>
        <translation>Revisada, sin decisión: se mantiene la etiqueta y se informa</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/correction_keys.py" line="101"/>
        <source>Not a usable field: leave it out</source>
        <translation>Campo no utilizable: se excluye</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/correction_keys.py" line="108"/>
        <source> or </source>
        <translation> o </translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/correction_keys.py" line="109"/>
        <source>{0} (key {1})</source>
        <translation>{0} (tecla {1})</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/correction_keys.py" line="122"/>
        <source>⌫  Clear</source>
        <translation>⌫  Borrar</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/correction_keys.py" line="124"/>
        <source>Remove this image&apos;s correction (key {0})</source>
        <translation>Quitar la corrección de esta imagen (tecla {0})</translation>
    </message>
</context>
<context>
    <name>CorrectionKeys</name>
    <message>
        <location filename="../../leukemia_gui/widgets/correction_keys.py" line="22"/>
        <source>Not sure</source>
        <translation>No seguro</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/correction_keys.py" line="23"/>
        <source>Not usable</source>
        <translation>No utilizable</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/correction_keys.py" line="35"/>
        <source>not sure</source>
        <translation>no seguro</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/correction_keys.py" line="37"/>
        <source>not usable</source>
        <translation>no utilizable</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/correction_keys.py" line="62"/>
        <source>Mark as {0}</source>
        <translation>Marcar como {0}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/correction_keys.py" line="64"/>
        <source>Mark not sure</source>
        <translation>Marcar no seguro</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/correction_keys.py" line="66"/>
        <source>Mark not usable</source>
        <translation>Marcar no utilizable</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/correction_keys.py" line="70"/>
        <source>Clear correction</source>
        <translation>Quitar la corrección</translation>
    </message>
</context>
<context>
    <name>DatasetTab</name>
    <message>
        <location filename="../../leukemia_gui/tabs/dataset_tab.py" line="47"/>
        <source>images</source>
        <translation>imágenes</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/dataset_tab.py" line="69"/>
        <source>No dataset folder — choose one or drop a folder here (one subfolder per class: Benign, Early, Pre, Pro)</source>
        <translation>Ninguna carpeta de datos — elija una o arrastre aquí una carpeta (una subcarpeta por clase: Benign, Early, Pre, Pro)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/dataset_tab.py" line="71"/>
        <source>Choose folder…</source>
        <translation>Elegir carpeta…</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/dataset_tab.py" line="72"/>
        <source>A folder with one subfolder per class. It is only read.</source>
        <translation>Una carpeta con una subcarpeta por clase. Solo se lee.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/dataset_tab.py" line="75"/>
        <source>Rescan</source>
        <translation>Volver a examinar</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/dataset_tab.py" line="78"/>
        <source>Every image is opened once to catch unreadable files.</source>
        <translation>Cada imagen se abre una vez para detectar archivos ilegibles.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/dataset_tab.py" line="87"/>
        <source>Class</source>
        <translation>Clase</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/dataset_tab.py" line="87"/>
        <source>Images</source>
        <translation>Imágenes</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/dataset_tab.py" line="87"/>
        <source>Share</source>
        <translation>Proporción</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/dataset_tab.py" line="87"/>
        <source>Balanced</source>
        <translation>Equilibrado</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/dataset_tab.py" line="98"/>
        <source>Class counts appear here after a scan.</source>
        <translation>Los recuentos por clase aparecen aquí tras examinar la carpeta.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/dataset_tab.py" line="102"/>
        <source>Class counts</source>
        <translation>Recuento por clase</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/dataset_tab.py" line="133"/>
        <source>Sample images</source>
        <translation>Muestras</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/dataset_tab.py" line="134"/>
        <source>Unreadable files</source>
        <translation>Ilegibles</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/dataset_tab.py" line="135"/>
        <source>Duplicates</source>
        <translation>Duplicados</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/dataset_tab.py" line="136"/>
        <source>Balance classes</source>
        <translation>Equilibrar</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/dataset_tab.py" line="148"/>
        <source>Dataset folder:</source>
        <translation>Carpeta de datos:</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/dataset_tab.py" line="163"/>
        <source>Choose dataset folder</source>
        <translation>Elegir carpeta de datos</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/dataset_tab.py" line="170"/>
        <source>Balancing in progress</source>
        <translation>Equilibrado en curso</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/dataset_tab.py" line="171"/>
        <source>Wait for balancing to finish, or cancel it, before opening another dataset folder.</source>
        <translation>Espere a que termine el equilibrado, o cancélelo, antes de abrir otra carpeta de datos.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/dataset_tab.py" line="184"/>
        <location filename="../../leukemia_gui/tabs/dataset_tab.py" line="185"/>
        <location filename="../../leukemia_gui/tabs/dataset_tab.py" line="186"/>
        <source>Scanning…</source>
        <translation>Examinando…</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/dataset_tab.py" line="191"/>
        <source>Scanning {0} …</source>
        <translation>Examinando {0} …</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/dataset_tab.py" line="214"/>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/dataset_tab.py" line="243"/>
        <source>Images per class</source>
        <translation>Imágenes por clase</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/dataset_tab.py" line="247"/>
        <source>{0}/ — ignored: not a class folder name</source>
        <translation>{0}/ — ignorada: no es un nombre de carpeta de clase</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/dataset_tab.py" line="252"/>
        <source>Unreadable files ({0})</source>
        <translation>Ilegibles ({0})</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/dataset_tab.py" line="254"/>
        <source>Duplicates ({0})</source>
        <translation>Duplicados ({0})</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/dataset_tab.py" line="275"/>
        <source>{0} unreadable</source>
        <translation>{0} ilegible(s)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/dataset_tab.py" line="277"/>
        <source>{0} duplicate group(s)</source>
        <translation>{0} grupo(s) de duplicados</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/dataset_tab.py" line="279"/>
        <source>{0} folder(s) ignored</source>
        <translation>{0} carpeta(s) ignorada(s)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/dataset_tab.py" line="281"/>
        <source>{0} readable images in {1} classes</source>
        <translation>{0} imágenes legibles en {1} clases</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/dataset_tab.py" line="284"/>
        <source>no problems found</source>
        <translation>sin problemas</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/dataset_tab.py" line="289"/>
        <source>The folder could not be used.</source>
        <translation>No se pudo usar la carpeta.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/dataset_tab.py" line="291"/>
        <source>No counts.</source>
        <translation>Sin recuentos.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/dataset_tab.py" line="296"/>
        <location filename="../../leukemia_gui/tabs/dataset_tab.py" line="298"/>
        <location filename="../../leukemia_gui/tabs/dataset_tab.py" line="299"/>
        <source>Scan cancelled.</source>
        <translation>Examen cancelado.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/dataset_tab.py" line="306"/>
        <source>Images per class after balancing</source>
        <translation>Imágenes por clase tras equilibrar</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/dataset_tab.py" line="322"/>
        <source>Exclude this copy</source>
        <translation>Excluir esta copia</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/dataset_tab.py" line="323"/>
        <source>The corrections file {0} could not be written: {1}</source>
        <translation>No se pudo escribir el archivo de correcciones {0}: {1}</translation>
    </message>
</context>
<context>
    <name>DuplicateCard</name>
    <message>
        <location filename="../../leukemia_gui/widgets/duplicates_view.py" line="53"/>
        <source>(cannot be read)</source>
        <translation>(no se puede leer)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/duplicates_view.py" line="68"/>
        <location filename="../../leukemia_gui/widgets/duplicates_view.py" line="85"/>
        <source>Exclude this copy</source>
        <translation>Excluir esta copia</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/duplicates_view.py" line="70"/>
        <source>Leave this image out of training and evaluation: an exclusion is written to the corrections file. The image file itself is not changed.</source>
        <translation>Dejar esta imagen fuera del entrenamiento y la evaluación: se escribe una exclusión en el archivo de correcciones. El archivo de imagen no se modifica.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/duplicates_view.py" line="84"/>
        <source>Include again</source>
        <translation>Volver a incluir</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/duplicates_view.py" line="86"/>
        <source>Excluded (in the corrections file)</source>
        <translation>Excluida (en el archivo de correcciones)</translation>
    </message>
</context>
<context>
    <name>DuplicatesView</name>
    <message>
        <location filename="../../leukemia_gui/widgets/duplicates_view.py" line="120"/>
        <source>Duplicates are listed here after a scan.</source>
        <translation>Los duplicados aparecen aquí tras examinar la carpeta.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/duplicates_view.py" line="141"/>
        <source>No duplicates found.</source>
        <translation>No se encontraron duplicados.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/duplicates_view.py" line="144"/>
        <source>The same image (or nearly) under several names inflates a class and can put one field in both training and test. Keep one copy of each group: exclude the others. Nothing is deleted; the exclusions go to the corrections file.</source>
        <translation>La misma imagen (o casi) con varios nombres infla una clase y puede poner un mismo campo en entrenamiento y en prueba. Conserve una copia de cada grupo y excluya las demás. No se borra nada; las exclusiones van al archivo de correcciones.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/duplicates_view.py" line="152"/>
        <source>Exact copies: {0} files</source>
        <translation>Copias exactas: {0} archivos</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/duplicates_view.py" line="154"/>
        <source>Near duplicates: {0} files</source>
        <translation>Casi duplicados: {0} archivos</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/duplicates_view.py" line="156"/>
        <source>across classes!</source>
        <translation>¡entre clases distintas!</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/duplicates_view.py" line="179"/>
        <source>… and {0} more groups, not shown.</source>
        <translation>… y {0} grupos más, no mostrados.</translation>
    </message>
</context>
<context>
    <name>EmptyStateWidget</name>
    <message>
        <location filename="../../leukemia_gui/widgets/empty_state.py" line="53"/>
        <source>Start here: classify blood-smear images</source>
        <translation>Empiece aquí: clasifique imágenes de frotis de sangre</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/empty_state.py" line="55"/>
        <source>Drop image files or a folder of images on this window, or use Add images… / Add folder… above (Ctrl+V pastes an image). Each image gets a class, a confidence and, where the model is unsure, an Uncertain flag.</source>
        <translation>Arrastre archivos de imagen o una carpeta de imágenes a esta ventana, o use Añadir imágenes… / Añadir carpeta… arriba (Ctrl+V pega una imagen). Cada imagen recibe una clase, una confianza y, cuando el modelo duda, la marca Incierta.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/empty_state.py" line="58"/>
        <source>Try the bundled samples</source>
        <translation>Probar las muestras incluidas</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/empty_state.py" line="59"/>
        <source>Classify the eight sample images that come with the app (two per class)</source>
        <translation>Clasificar las ocho imágenes de muestra que trae la aplicación (dos por clase)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/empty_state.py" line="61"/>
        <source>Getting started: what each tab does</source>
        <translation>Primeros pasos: qué hace cada pestaña</translation>
    </message>
</context>
<context>
    <name>ErrorText</name>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="27"/>
        <source>file not found</source>
        <translation>no se encuentra el archivo</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="28"/>
        <source>not a regular file</source>
        <translation>no es un archivo normal</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="29"/>
        <source>empty file (0 bytes)</source>
        <translation>archivo vacío (0 bytes)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="30"/>
        <source>image too large ({width}x{height} pixels)</source>
        <translation>imagen demasiado grande ({width}x{height} píxeles)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="31"/>
        <source>image too large to decode ({width}x{height} {mode}, {need_mib} MiB; the limit is {limit_mib} MiB)</source>
        <translation>imagen demasiado grande para decodificarla ({width}x{height} {mode}, {need_mib} MiB; el límite es {limit_mib} MiB)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="34"/>
        <source>image has no pixels</source>
        <translation>la imagen no tiene píxeles</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="35"/>
        <source>image too large (decompression bomb guard)</source>
        <translation>imagen demasiado grande (protección contra bombas de descompresión)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="36"/>
        <source>not a readable image (unknown or corrupt format)</source>
        <translation>no es una imagen legible (formato desconocido o dañado)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="37"/>
        <source>truncated image file</source>
        <translation>archivo de imagen truncado (incompleto)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="38"/>
        <source>cannot read image ({detail})</source>
        <translation>no se puede leer la imagen ({detail})</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="39"/>
        <source>corrupt image ({kind}: {detail})</source>
        <translation>imagen dañada ({kind}: {detail})</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="40"/>
        <source>no result: the model&apos;s output was not a valid probability (NaN or infinite)</source>
        <translation>sin resultado: la salida del modelo no era una probabilidad válida (NaN o infinita)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="45"/>
        <source>{path}: not a regular file</source>
        <translation>{path}: no es un archivo normal</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="46"/>
        <source>{path}: model card larger than {limit_mib} MiB</source>
        <translation>{path}: la ficha del modelo ocupa más de {limit_mib} MiB</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="47"/>
        <source>{path}: model card nested too deeply</source>
        <translation>{path}: la ficha del modelo tiene un anidamiento demasiado profundo</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="48"/>
        <source>{path}: unreadable model card ({detail})</source>
        <translation>{path}: la ficha del modelo no se puede leer ({detail})</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="49"/>
        <source>{path}: model card nested more than {levels} levels</source>
        <translation>{path}: la ficha del modelo tiene más de {levels} niveles de anidamiento</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="50"/>
        <source>{path}: refused: the model file contains Python code (e.g. a Lambda layer) that would run when loaded; only models saved by this app are accepted</source>
        <translation>{path}: rechazado: el archivo del modelo contiene código Python (p. ej. una capa Lambda) que se ejecutaría al cargarlo; solo se aceptan modelos guardados por esta aplicación</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="53"/>
        <source>{path}: cannot load Keras model ({detail})</source>
        <translation>{path}: no se puede cargar el modelo Keras ({detail})</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="54"/>
        <source>{path}: the model takes input {got}, but its card says {expected}</source>
        <translation>{path}: el modelo recibe entradas {got}, pero su ficha indica {expected}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="56"/>
        <source>{path}: legacy {suffix} model files are refused (they can carry code); use a model folder saved by this app</source>
        <translation>{path}: se rechazan los archivos de modelo antiguos {suffix} (pueden contener código); use una carpeta de modelo guardada por esta aplicación</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="59"/>
        <source>{path}: not a model folder (expected a folder with {card})</source>
        <translation>{path}: no es una carpeta de modelo (se esperaba una carpeta con {card})</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="61"/>
        <source>{path}: model folder not found</source>
        <translation>{path}: no se encuentra la carpeta del modelo</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="62"/>
        <source>{path}: legacy model files are refused (they can carry code): {names}; use a model folder saved by this app</source>
        <translation>{path}: se rechazan los archivos de modelo antiguos (pueden contener código): {names}; use una carpeta de modelo guardada por esta aplicación</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="65"/>
        <source>{path}: not a model folder ({card} is missing)</source>
        <translation>{path}: no es una carpeta de modelo (falta {card})</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="66"/>
        <source>{path}: written by an older version whose checksum does not cover the model card, so an edited card cannot be detected; retrain the model with this version</source>
        <translation>{path}: escrito por una versión anterior cuya suma de control no cubre la ficha del modelo, así que no se detectaría una ficha modificada; vuelva a entrenar el modelo con esta versión</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="69"/>
        <source>{path}: unsupported model format {format}</source>
        <translation>{path}: formato de modelo no admitido {format}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="70"/>
        <source>{path}: not a model card</source>
        <translation>{path}: no es una ficha de modelo</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="71"/>
        <source>{path}: the card lists no {file}</source>
        <translation>{path}: la ficha no incluye {file}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="72"/>
        <source>{path}: card names a file outside the folder: {name}</source>
        <translation>{path}: la ficha nombra un archivo fuera de la carpeta: {name}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="73"/>
        <source>{path}: {name} is missing</source>
        <translation>{path}: falta {name}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="74"/>
        <source>{path}: {name} does not match its checksum (changed or corrupt)</source>
        <translation>{path}: {name} no coincide con su suma de control (modificado o dañado)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="76"/>
        <source>{path}: the model card does not match its checksum (edited or corrupt after the model was saved)</source>
        <translation>{path}: la ficha del modelo no coincide con su suma de control (modificada o dañada después de guardar el modelo)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="79"/>
        <source>{path}: the model id does not match its checksum</source>
        <translation>{path}: el id del modelo no coincide con su suma de control</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="80"/>
        <source>{path}: model made for classes {classes}, this app uses {expected}</source>
        <translation>{path}: modelo hecho para las clases {classes}; esta aplicación usa {expected}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="82"/>
        <source>{path}: model input shape {shape} does not match its preprocessing ({kind}, {size}px -&gt; {input_shape})</source>
        <translation>{path}: la forma de entrada del modelo {shape} no coincide con su preprocesado ({kind}, {size} px -&gt; {input_shape})</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="85"/>
        <source>{path}: invalid model card: {detail}</source>
        <translation>{path}: ficha de modelo no válida: {detail}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="86"/>
        <source>{path}: made by app version {version}, incompatible with {current}</source>
        <translation>{path}: hecho con la versión {version} de la aplicación, incompatible con la {current}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="88"/>
        <source>{path}: incomplete model card ({kind}: {detail})</source>
        <translation>{path}: ficha de modelo incompleta ({kind}: {detail})</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="89"/>
        <source>{path}: cannot run ONNX export ({detail})</source>
        <translation>{path}: no se puede ejecutar la exportación ONNX ({detail})</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="90"/>
        <source>{path}: cannot run the ONNX exports ({detail})</source>
        <translation>{path}: no se pueden ejecutar las exportaciones ONNX ({detail})</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="91"/>
        <source>{path}: the bundle has no ONNX export</source>
        <translation>{path}: la carpeta del modelo no tiene exportación ONNX</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="92"/>
        <source>{path}: the model does not run ({kind}: {detail})</source>
        <translation>{path}: el modelo no se ejecuta ({kind}: {detail})</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="93"/>
        <source>{path}: the model&apos;s outputs have shapes {shapes}; expected (1, {n}) probabilities and (1, D) features</source>
        <translation>{path}: las salidas del modelo tienen las formas {shapes}; se esperaban probabilidades (1, {n}) y características (1, D)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="96"/>
        <source>{path}: the model gives {got} features but its card&apos;s uncertainty model expects {expected}</source>
        <translation>{path}: el modelo da {got} características, pero el modelo de incertidumbre de su ficha espera {expected}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="98"/>
        <source>{path}: the new model does not load ({kind}: {detail})</source>
        <translation>{path}: el modelo nuevo no se carga ({kind}: {detail})</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="100"/>
        <source>{path}: the head takes inputs {got}, but its card says {expected}</source>
        <translation>{path}: la cabeza recibe entradas {got}, pero su ficha indica {expected}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="106"/>
        <source>{path}: the card&apos;s cells section is not readable ({detail})</source>
        <translation>{path}: la sección de células de la ficha no se puede leer ({detail})</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="102"/>
        <source>{path}: the model was trained on backbone weights {want}..., the app has {have}...</source>
        <translation>{path}: el modelo se entrenó con los pesos de red base {want}...; la aplicación tiene {have}...</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="104"/>
        <source>{path}: the cells model&apos;s outputs have shapes {shapes}; expected {expected}</source>
        <translation>{path}: las salidas del modelo de células tienen las formas {shapes}; se esperaba {expected}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="108"/>
        <source>{path}: parent model is for classes {classes}, this app trains {expected}</source>
        <translation>{path}: el modelo padre es para las clases {classes}; esta aplicación entrena {expected}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="110"/>
        <source>{path}: parent architecture {arch} cannot be fine-tuned here</source>
        <translation>{path}: la arquitectura del modelo padre {arch} no se puede ajustar aquí</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="112"/>
        <source>parent model is &apos;{arch}&apos;, not &apos;{requested}&apos;; continued training keeps the parent&apos;s architecture</source>
        <translation>el modelo padre es «{arch}», no «{requested}»; el entrenamiento continuado conserva la arquitectura del modelo padre</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="115"/>
        <source>parent model reads {size}px images, not {requested}px; continued training keeps the parent&apos;s image size (leave it unset)</source>
        <translation>el modelo padre lee imágenes de {size} px, no de {requested} px; el entrenamiento continuado conserva el tamaño de imagen del modelo padre (déjelo sin fijar)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="118"/>
        <source>parent model was trained without ROI cropping; continued training keeps the parent&apos;s preprocessing</source>
        <translation>el modelo padre se entrenó sin recorte de ROI; el entrenamiento continuado conserva el preprocesado del modelo padre</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="121"/>
        <source>parent model&apos;s preprocessing {parent} differs from this app&apos;s &apos;{arch}&apos; preprocessing {expected}; it cannot be fine-tuned here</source>
        <translation>el preprocesado del modelo padre {parent} difiere del preprocesado «{arch}» de esta aplicación {expected}; no se puede ajustar aquí</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="124"/>
        <source>{path}: card input shape {shape} does not match its preprocessing {expected}</source>
        <translation>{path}: la forma de entrada de la ficha {shape} no coincide con su preprocesado {expected}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="126"/>
        <source>{path}: model input {shape} does not match its card {expected}</source>
        <translation>{path}: la entrada del modelo {shape} no coincide con su ficha {expected}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="131"/>
        <source>{path}: the {what} exists and is not a regular file</source>
        <translation>{path}: {what} ya existe y no es un archivo normal</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="132"/>
        <source>{path}: the {what} is a broken link</source>
        <translation>{path}: {what} es un enlace roto</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="133"/>
        <source>{path}: the {what} is one of the inputs; choose another name</source>
        <translation>{path}: {what} es una de las entradas; elija otro nombre</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="135"/>
        <source>{path}: the {what} would be written into the model folder {folder}</source>
        <translation>{path}: {what} se escribiría dentro de la carpeta del modelo {folder}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="137"/>
        <source>{path}: the same file is given for two outputs of this run</source>
        <translation>{path}: se ha indicado el mismo archivo para dos salidas de esta ejecución</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="138"/>
        <source>{path}: the {what} must not be inside the data folder {root}</source>
        <translation>{path}: {what} no puede estar dentro de la carpeta de datos {root}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="140"/>
        <source>{path}: the {what} must not contain the data folder {root}</source>
        <translation>{path}: {what} no puede contener la carpeta de datos {root}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="142"/>
        <source>{path}: exists and is not a folder</source>
        <translation>{path}: ya existe y no es una carpeta</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="143"/>
        <source>{path}: cannot list the {what} ({detail})</source>
        <translation>{path}: no se puede listar el contenido de {what} ({detail})</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="144"/>
        <source>{path}: the {what} exists, is not empty and is not a model of this app; choose a new or empty folder</source>
        <translation>{path}: {what} ya existe, tiene contenido y no es un modelo de esta aplicación; elija una carpeta nueva o vacía</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="147"/>
        <source>{path}: the backup folder must be outside {root}</source>
        <translation>{path}: la carpeta de copias de seguridad debe estar fuera de {root}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="148"/>
        <source>{path}: the backup folder exists and is not a folder</source>
        <translation>{path}: la carpeta de copias de seguridad ya existe y no es una carpeta</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="150"/>
        <source>{path}: the backup folder exists, is not empty and was not made by this app; choose a new folder</source>
        <translation>{path}: la carpeta de copias de seguridad ya existe, tiene contenido y no la creó esta aplicación; elija una carpeta nueva</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="153"/>
        <source>{path}: the report must not be written inside the evaluated images&apos; folder {data}</source>
        <translation>{path}: el informe no puede escribirse dentro de la carpeta de las imágenes evaluadas {data}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="155"/>
        <source>{path}: already holds a report ({names}); choose another folder or replace it explicitly</source>
        <translation>{path}: ya contiene un informe ({names}); elija otra carpeta o reemplácelo de forma explícita</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="157"/>
        <source>{path}: the model folder must not contain the manifest {manifest}</source>
        <translation>{path}: la carpeta del modelo no puede contener el manifiesto {manifest}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="159"/>
        <source>{path}: the new model must not replace or hold {model}; choose another folder</source>
        <translation>{path}: el modelo nuevo no puede reemplazar ni contener {model}; elija otra carpeta</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="161"/>
        <source>{path}: {what} not found</source>
        <translation>{path}: no se encuentra {what}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="162"/>
        <source>{path}: cannot read {what} ({detail})</source>
        <translation>{path}: no se puede leer {what} ({detail})</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="163"/>
        <source>{path}: the {what} is not a regular file</source>
        <translation>{path}: {what} no es un archivo normal</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="164"/>
        <source>{path}: the {what} is larger than {limit_mib} MiB ({size_mib} MiB)</source>
        <translation>{path}: {what} ocupa más de {limit_mib} MiB ({size_mib} MiB)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="166"/>
        <source>{path}: the {what} is larger than {limit_mib} MiB</source>
        <translation>{path}: {what} ocupa más de {limit_mib} MiB</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="167"/>
        <source>{path}: the {what} is nested too deeply</source>
        <translation>{path}: {what} tiene un anidamiento demasiado profundo</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="168"/>
        <source>{path}: malformed {what} ({detail})</source>
        <translation>{path}: contenido no válido en {what} ({detail})</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="169"/>
        <source>{path}: the {what} is nested more than {levels} levels</source>
        <translation>{path}: {what} tiene más de {levels} niveles de anidamiento</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="174"/>
        <source>file</source>
        <translation>el archivo</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="175"/>
        <source>output file</source>
        <translation>el archivo de salida</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="176"/>
        <source>output folder</source>
        <translation>la carpeta de salida</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="177"/>
        <source>report file</source>
        <translation>el archivo del informe</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="178"/>
        <source>report</source>
        <translation>el informe</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="179"/>
        <source>export file</source>
        <translation>el archivo exportado</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="180"/>
        <source>results file</source>
        <translation>el archivo de resultados</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="181"/>
        <source>comparison</source>
        <translation>la comparación</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="182"/>
        <source>case file</source>
        <translation>el archivo del caso</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="183"/>
        <source>model folder</source>
        <translation>la carpeta del modelo</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="184"/>
        <source>overlay image</source>
        <translation>la imagen superpuesta</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="185"/>
        <source>manifest</source>
        <translation>el manifiesto</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="186"/>
        <source>corrected copy folder</source>
        <translation>la carpeta de la copia corregida</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="187"/>
        <source>corrections file</source>
        <translation>el archivo de correcciones</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="191"/>
        <source>not an image file (extension)</source>
        <translation>no es un archivo de imagen (extensión)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="192"/>
        <source>cannot list folder ({detail})</source>
        <translation>no se puede listar la carpeta ({detail})</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="196"/>
        <source>{path}: folder not found</source>
        <translation>{path}: no se encuentra la carpeta</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="197"/>
        <source>{path}: not a folder</source>
        <translation>{path}: no es una carpeta</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="198"/>
        <source>{path}: cannot list folder ({detail})</source>
        <translation>{path}: no se puede listar la carpeta ({detail})</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="199"/>
        <source>{path}: no class folders found (expected subfolders named {classes})</source>
        <translation>{path}: no hay carpetas de clase (se esperan subcarpetas llamadas {classes})</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="201"/>
        <source>{path}: no readable images to split</source>
        <translation>{path}: no hay imágenes legibles que repartir</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="202"/>
        <source>split fractions must be non-negative and sum to 1, got {fractions}</source>
        <translation>las fracciones de la partición deben ser no negativas y sumar 1; se recibió {fractions}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="204"/>
        <source>{path}: the manifest is not UTF-8 text</source>
        <translation>{path}: el manifiesto no es texto UTF-8</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="205"/>
        <source>{path}: not a split manifest</source>
        <translation>{path}: no es un manifiesto de partición</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="206"/>
        <source>{path}: malformed manifest ({kind}: {detail})</source>
        <translation>{path}: manifiesto mal formado ({kind}: {detail})</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="207"/>
        <source>{path}: bad entry {entry} ({label}, {split})</source>
        <translation>{path}: entrada no válida {entry} ({label}, {split})</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="208"/>
        <source>{path}: no readable images to balance</source>
        <translation>{path}: no hay imágenes legibles que equilibrar</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="209"/>
        <source>target {target} is out of range: allowed 1 to {limit}</source>
        <translation>el objetivo {target} está fuera de rango: se permite de 1 a {limit}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="210"/>
        <source>{path}: output folder exists and is not empty; choose a new one</source>
        <translation>{path}: la carpeta de salida existe y no está vacía; elija una nueva</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="212"/>
        <source>the manifest&apos;s {split} split is empty</source>
        <translation>la parte {split} del manifiesto está vacía</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="213"/>
        <source>{path}: no readable labelled images</source>
        <translation>{path}: no hay imágenes etiquetadas legibles</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="214"/>
        <source>none of the images could be read</source>
        <translation>no se pudo leer ninguna de las imágenes</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="215"/>
        <source>no image could be evaluated by both models</source>
        <translation>ninguna imagen pudo ser evaluada por ambos modelos</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="216"/>
        <source>no training images (the split has an empty train part)</source>
        <translation>no hay imágenes de entrenamiento (la parte de entrenamiento de la partición está vacía)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="218"/>
        <source>training needs at least two classes with images; found {found}</source>
        <translation>el entrenamiento necesita al menos dos clases con imágenes; se encontró {found}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="220"/>
        <source>unknown label {label}; choose from {choices}</source>
        <translation>etiqueta desconocida {label}; elija entre {choices}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="221"/>
        <source>{path}: not a UTF-8 text file</source>
        <translation>{path}: no es un archivo de texto UTF-8</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="222"/>
        <source>{path}: malformed corrections file ({detail})</source>
        <translation>{path}: archivo de correcciones mal formado ({detail})</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="223"/>
        <source>{path}: not a corrections file (expected columns {columns})</source>
        <translation>{path}: no es un archivo de correcciones (se esperan las columnas {columns})</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="225"/>
        <source>{path}, line {line}: expected {expected} fields, got {got}</source>
        <translation>{path}, línea {line}: se esperaban {expected} campos, hay {got}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="227"/>
        <source>{path}, line {line}: {detail}</source>
        <translation>{path}, línea {line}: {detail}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="228"/>
        <source>{path}: image not found</source>
        <translation>{path}: no se encuentra la imagen</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="229"/>
        <source>{path}: corrections file not found</source>
        <translation>{path}: no se encuentra el archivo de correcciones</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="233"/>
        <source>the case identifier must be text</source>
        <translation>el identificador del caso debe ser texto</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="234"/>
        <source>the case identifier is empty</source>
        <translation>el identificador del caso está vacío</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="235"/>
        <source>the case identifier is longer than {limit} characters</source>
        <translation>el identificador del caso tiene más de {limit} caracteres</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="236"/>
        <source>the case identifier must not contain / or \ (path separators)</source>
        <translation>el identificador del caso no puede contener / ni \ (separadores de ruta)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="239"/>
        <source>the case identifier must not contain control or invisible characters</source>
        <translation>el identificador del caso no puede contener caracteres de control ni invisibles</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="242"/>
        <source>the case identifier must not be . or ..</source>
        <translation>el identificador del caso no puede ser . ni ..</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="243"/>
        <source>the {role}&apos;s name is empty</source>
        <translation>el nombre {role} está vacío</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="244"/>
        <source>the {role}&apos;s name must be one line of at most {limit} characters</source>
        <translation>el nombre {role} debe ser una sola línea de {limit} caracteres como máximo</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="247"/>
        <source>specimen date {text} is not a date (YYYY-MM-DD)</source>
        <translation>la fecha de la muestra {text} no es una fecha (AAAA-MM-DD)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="248"/>
        <source>case {case_id} is signed and read-only; make a new version to {change}</source>
        <translation>el caso {case_id} está firmado y es de solo lectura; cree una versión nueva para {change}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="251"/>
        <source>case {case_id} was classified with model {model_id}, not {other}; one case, one model</source>
        <translation>el caso {case_id} se clasificó con el modelo {model_id}, no con {other}; un caso, un modelo</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="254"/>
        <source>case {case_id} has no field {field}</source>
        <translation>el caso {case_id} no tiene el campo {field}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="255"/>
        <source>review action must be one of {actions}</source>
        <translation>la acción de revisión debe ser una de {actions}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="256"/>
        <source>reclassify needs a class: one of {classes}</source>
        <translation>reclasificar necesita una clase: una de {classes}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="257"/>
        <source>field {field} is unreadable: it can only be excluded</source>
        <translation>el campo {field} no se puede leer: solo se puede excluir</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="258"/>
        <source>case {case_id} has no fields to sign</source>
        <translation>el caso {case_id} no tiene campos que firmar</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="259"/>
        <source>case {case_id} already has two signatures</source>
        <translation>el caso {case_id} ya tiene dos firmas</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="260"/>
        <source>{name} has already signed case {case_id}; the second signature must be another person&apos;s</source>
        <translation>{name} ya ha firmado el caso {case_id}; la segunda firma debe ser de otra persona</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="263"/>
        <source>case {case_id}: every field is excluded, unreadable or without a result, so there is no reading to sign; add fields or review them again</source>
        <translation>caso {case_id}: todos los campos están excluidos, no se pueden leer o no tienen resultado, así que no hay lectura que firmar; añada campos o revíselos de nuevo</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="266"/>
        <source>case {case_id}: {count} uncertain or no-result field(s) not reviewed yet (field {field} first)</source>
        <translation>caso {case_id}: {count} campo(s) inciertos o sin resultado aún sin revisar (primero el campo {field})</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="269"/>
        <source>case {case_id} is not signed: change it directly</source>
        <translation>el caso {case_id} no está firmado: modifíquelo directamente</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="270"/>
        <source>a new version needs a reason</source>
        <translation>una versión nueva necesita un motivo</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="271"/>
        <source>{path}: not a case file of this app (format {format})</source>
        <translation>{path}: no es un archivo de caso de esta aplicación (formato {format})</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="272"/>
        <source>{path}: malformed case file ({detail})</source>
        <translation>{path}: archivo de caso mal formado ({detail})</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="273"/>
        <source>{path}: the signed case was changed after signing (its content does not match the signature); open a copy kept elsewhere or ask the signer</source>
        <translation>{path}: el caso firmado se modificó después de firmarse (su contenido no coincide con la firma); abra una copia guardada en otro lugar o consulte a quien lo firmó</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="276"/>
        <source>where should the case be saved? (give a cases folder)</source>
        <translation>¿dónde se guarda el caso? (indique una carpeta de casos)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="277"/>
        <source>{path}: exists and is not a readable case file; choose another name</source>
        <translation>{path}: ya existe y no es un archivo de caso legible; elija otro nombre</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="280"/>
        <source>{path}: holds case {other}, not {case_id}</source>
        <translation>{path}: contiene el caso {other}, no {case_id}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="281"/>
        <source>{path}: the saved case is signed; make a new version</source>
        <translation>{path}: el caso guardado está firmado; cree una versión nueva</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="282"/>
        <source>{path}: exists; give another name or replace it explicitly (--force)</source>
        <translation>{path}: ya existe; indique otro nombre o reemplácelo explícitamente (--force)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="285"/>
        <source>per must be &apos;field&apos; or &apos;case&apos;</source>
        <translation>per debe ser &apos;field&apos; o &apos;case&apos;</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="286"/>
        <source>a field of the case file has no path or result</source>
        <translation>un campo del archivo de caso no tiene ruta o resultado</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="287"/>
        <source>{review} needs a reason</source>
        <translation>{review} necesita un motivo</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="288"/>
        <source>{path}: {detail}</source>
        <translation>{path}: {detail}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="304"/>
        <source>{path}: the file has no header; --resume would mix results (give a new results file, or the model that wrote this one)</source>
        <translation>{path}: el archivo no tiene cabecera; --resume mezclaría resultados (indique un archivo de resultados nuevo, o el modelo que escribió este)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="307"/>
        <source>{path}: the file records no model id (written by an older version or another program); --resume would mix results (give a new results file, or the model that wrote this one)</source>
        <translation>{path}: el archivo no registra ningún identificador de modelo (escrito por una versión anterior u otro programa); --resume mezclaría resultados (indique un archivo de resultados nuevo, o el modelo que escribió este)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="311"/>
        <source>{path}: the file&apos;s columns are not this model&apos;s classes ({columns}); --resume would mix results (give a new results file, or the model that wrote this one)</source>
        <translation>{path}: las columnas del archivo no son las clases de este modelo ({columns}); --resume mezclaría resultados (indique un archivo de resultados nuevo, o el modelo que escribió este)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="314"/>
        <source>{path}: row {row} has {got} fields, not {expected}; --resume would mix results (give a new results file, or the model that wrote this one)</source>
        <translation>{path}: la fila {row} tiene {got} campos, no {expected}; --resume mezclaría resultados (indique un archivo de resultados nuevo, o el modelo que escribió este)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="317"/>
        <source>{path}: row {row} was written by model {found}, not {expected}; --resume would mix results (give a new results file, or the model that wrote this one)</source>
        <translation>{path}: la fila {row} la escribió el modelo {found}, no {expected}; --resume mezclaría resultados (indique un archivo de resultados nuevo, o el modelo que escribió este)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="320"/>
        <source>{path}: line {line} was written by model {found}, not {expected}; --resume would mix results (give a new results file, or the model that wrote this one)</source>
        <translation>{path}: la línea {line} la escribió el modelo {found}, no {expected}; --resume mezclaría resultados (indique un archivo de resultados nuevo, o el modelo que escribió este)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="323"/>
        <source>{path}, line {line}: not a valid CSV file ({detail})</source>
        <translation>{path}, línea {line}: no es un archivo CSV válido ({detail})</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="324"/>
        <source>{path}, line {line}: not a valid CSV file (a field is longer than {limit} characters)</source>
        <translation>{path}, línea {line}: no es un archivo CSV válido (un campo tiene más de {limit} caracteres)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="329"/>
        <source>no model is loaded; open one from the File menu</source>
        <translation>no hay ningún modelo cargado; abra uno desde el menú Archivo</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/error_text.py" line="330"/>
        <source>open or make a case first</source>
        <translation>primero abra o cree un caso</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../../leukemia_gui/worker.py" line="27"/>
        <source>Not enough memory for this operation. Close other programs or use smaller batches.</source>
        <translation>No hay memoria suficiente para esta operación. Cierre otros programas o use lotes más pequeños.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/worker.py" line="30"/>
        <source>Permission denied: {0}</source>
        <translation>Permiso denegado: {0}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/app.py" line="89"/>
        <source>Details were written to {0}.</source>
        <translation>Los detalles se escribieron en {0}.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/app.py" line="91"/>
        <source>Something went wrong: {0}</source>
        <translation>Algo ha fallado: {0}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/app.py" line="93"/>
        <source>The app keeps running; if results look wrong, restart it.</source>
        <translation>La aplicación sigue abierta; si los resultados parecen erróneos, reiníciela.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/app.py" line="95"/>
        <source>Unexpected error</source>
        <translation>Error inesperado</translation>
    </message>
</context>
<context>
    <name>EvaluateTab</name>
    <message>
        <location filename="../../leukemia_gui/tabs/evaluate_tab.py" line="85"/>
        <source>No model is loaded: choose a model folder</source>
        <translation>No hay ningún modelo cargado: elija una carpeta de modelo</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/evaluate_tab.py" line="86"/>
        <source>No labelled data chosen</source>
        <translation>No se han elegido datos etiquetados</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/evaluate_tab.py" line="88"/>
        <source>Choose folder…</source>
        <translation>Elegir carpeta…</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/evaluate_tab.py" line="89"/>
        <source>Choose split manifest…</source>
        <translation>Elegir manifiesto de partición…</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/evaluate_tab.py" line="91"/>
        <source>test</source>
        <translation>prueba</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/evaluate_tab.py" line="91"/>
        <source>val</source>
        <translation>validación</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/evaluate_tab.py" line="91"/>
        <source>train</source>
        <translation>entrenamiento</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/evaluate_tab.py" line="93"/>
        <source>Which split of the manifest to evaluate</source>
        <translation>Qué parte del manifiesto evaluar</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/evaluate_tab.py" line="94"/>
        <source>Evaluate</source>
        <translation>Evaluar</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/evaluate_tab.py" line="95"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/evaluate_tab.py" line="97"/>
        <source>Export report…</source>
        <translation>Exportar informe…</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/evaluate_tab.py" line="98"/>
        <source>Review queue…</source>
        <translation>Cola de revisión…</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/evaluate_tab.py" line="99"/>
        <source>Go through the uncertain and wrongly predicted images in the Review tab, most urgent first</source>
        <translation>Recorrer las imágenes inciertas y las mal clasificadas en la pestaña Revisar, las más urgentes primero</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/evaluate_tab.py" line="107"/>
        <source>Model:</source>
        <translation>Modelo:</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/evaluate_tab.py" line="109"/>
        <source>Labelled data:</source>
        <translation>Datos etiquetados:</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/evaluate_tab.py" line="111"/>
        <source>Split:</source>
        <translation>Parte:</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/evaluate_tab.py" line="129"/>
        <source>The evaluated model&apos;s card appears here.</source>
        <translation>Aquí aparece la ficha del modelo evaluado.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/evaluate_tab.py" line="135"/>
        <source>Model card</source>
        <translation>Ficha del modelo</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/evaluate_tab.py" line="141"/>
        <source>Evaluate a model to see its confusion matrix.</source>
        <translation>Evalúe un modelo para ver su matriz de confusión.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/evaluate_tab.py" line="142"/>
        <source>Click a cell to see its images</source>
        <translation>Haga clic en una celda para ver sus imágenes</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/evaluate_tab.py" line="144"/>
        <location filename="../../leukemia_gui/tabs/evaluate_tab.py" line="324"/>
        <source>Click a confusion-matrix cell to see its images.</source>
        <translation>Haga clic en una celda de la matriz de confusión para ver sus imágenes.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/evaluate_tab.py" line="147"/>
        <source>Double-click an image to see it large with its probabilities. Keys 1–4, U, X (Backspace clears) correct the selected images&apos; labels; right-click for the same.</source>
        <translation>Doble clic en una imagen para verla en grande con sus probabilidades. Las teclas 1–4, U, X (Retroceso borra) corrigen la etiqueta de las imágenes seleccionadas; lo mismo con el botón derecho.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/evaluate_tab.py" line="211"/>
        <source>Evaluating {0} on {1}…</source>
        <translation>Evaluando {0} con {1}…</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/evaluate_tab.py" line="224"/>
        <source>Labelled {0} → predicted {1}: {2} image(s). Double-click one to inspect it; keys 1–4 / U / X correct the selected labels.</source>
        <translation>Etiqueta {0} → predicción {1}: {2} imagen(es). Doble clic en una para examinarla; las teclas 1–4 / U / X corrigen las etiquetas seleccionadas.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/evaluate_tab.py" line="228"/>
        <source>UNCERTAIN: {0}</source>
        <translation>INCIERTA: {0}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/evaluate_tab.py" line="252"/>
        <source>Not saved: {0}</source>
        <translation>No guardado: {0}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/evaluate_tab.py" line="255"/>
        <source>Cleared the correction of {1} image(s), saved to {2}.</source>
        <translation>Corrección quitada de {1} imagen(es), guardado en {2}.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/evaluate_tab.py" line="256"/>
        <source>Marked {0}: {1} image(s), saved to {2}.</source>
        <translation>Marcadas como {0}: {1} imagen(es), guardado en {2}.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/evaluate_tab.py" line="303"/>
        <source>Corrections file: {0}</source>
        <translation>Archivo de correcciones: {0}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/evaluate_tab.py" line="320"/>
        <source>Confusion matrix</source>
        <translation>Matriz de confusión</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/evaluate_tab.py" line="321"/>
        <source>predicted</source>
        <translation>predicha</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/evaluate_tab.py" line="322"/>
        <source>true</source>
        <translation>verdadera</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/evaluate_tab.py" line="325"/>
        <source>
Skipped (unreadable): {0}</source>
        <translation>
Omitidas (ilegibles): {0}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/evaluate_tab.py" line="328"/>
        <source>

Evaluated on: {0}
Images: {1}</source>
        <translation>

Evaluado con: {0}
Imágenes: {1}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/evaluate_tab.py" line="330"/>
        <source>Evaluated {0} image(s) in {1} s.</source>
        <translation>{0} imagen(es) evaluada(s) en {1} s.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/evaluate_tab.py" line="333"/>
        <source>{0} of these {1} images were used to train this model, or are copies of its training images (same class and file name as in its training split, or derived from the same original): the figures are optimistic</source>
        <translation>{0} de estas {1} imágenes se usaron para entrenar este modelo, o son copias de sus imágenes de entrenamiento (misma clase y nombre de archivo que en su parte de entrenamiento, o derivadas del mismo original): las cifras son optimistas</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/evaluate_tab.py" line="336"/>
        <source>, not a test.</source>
        <translation>, no una prueba.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/evaluate_tab.py" line="341"/>
        <source>Evaluation failed: {0}</source>
        <translation>La evaluación falló: {0}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/evaluate_tab.py" line="344"/>
        <source>Evaluation cancelled.</source>
        <translation>Evaluación cancelada.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/evaluate_tab.py" line="352"/>
        <source>Labelled image folder</source>
        <translation>Carpeta de imágenes etiquetadas</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/evaluate_tab.py" line="358"/>
        <source>Split manifest</source>
        <translation>Manifiesto de partición</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/evaluate_tab.py" line="360"/>
        <source>Split manifests (*.json *.csv)</source>
        <translation>Manifiestos de partición (*.json *.csv)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/evaluate_tab.py" line="367"/>
        <source>Folder for the report</source>
        <translation>Carpeta para el informe</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/evaluate_tab.py" line="374"/>
        <source>Export cancelled; nothing was written.</source>
        <translation>Exportación cancelada; no se escribió nada.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/evaluate_tab.py" line="379"/>
        <source>Could not write the report: {0}</source>
        <translation>No se pudo escribir el informe: {0}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/evaluate_tab.py" line="382"/>
        <source>Wrote {0} to {1}.</source>
        <translation>Escrito {0} en {1}.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/evaluate_tab.py" line="387"/>
        <source>split manifest</source>
        <translation>manifiesto de partición</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/evaluate_tab.py" line="387"/>
        <source>folder (all images)</source>
        <translation>carpeta (todas las imágenes)</translation>
    </message>
</context>
<context>
    <name>ExportPaths</name>
    <message>
        <location filename="../../leukemia_gui/export_paths.py" line="22"/>
        <source>results file</source>
        <translation>el archivo de resultados</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/export_paths.py" line="22"/>
        <source>comparison</source>
        <translation>la comparación</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/export_paths.py" line="23"/>
        <source>report</source>
        <translation>el informe</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/export_paths.py" line="40"/>
        <source>File exists</source>
        <translation>El archivo existe</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/export_paths.py" line="41"/>
        <source>{0} already exists.

Replace it, or write the {1} under a new name and keep the old one?</source>
        <translation>Ya existe: {0}.

¿Reemplazar lo existente, o escribir {1} con un nombre nuevo y conservar lo anterior?</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/export_paths.py" line="44"/>
        <source>Keep both (new name)</source>
        <translation>Conservar ambos (nombre nuevo)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/export_paths.py" line="45"/>
        <source>Replace</source>
        <translation>Reemplazar</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/export_paths.py" line="79"/>
        <source>A {0} ({1}) in {2}</source>
        <translation>{0} ({1}) en {2}</translation>
    </message>
</context>
<context>
    <name>Flags</name>
    <message>
        <location filename="../../leukemia_gui/flag_text.py" line="23"/>
        <source>no white cell found</source>
        <translation>no se encontró ningún leucocito</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/flag_text.py" line="24"/>
        <source>image unlike the training data (colour/brightness)</source>
        <translation>imagen distinta de los datos de entrenamiento (color/brillo)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/flag_text.py" line="26"/>
        <source>finer detail than any training image (another magnification?)</source>
        <translation>más detalle que cualquier imagen de entrenamiento (¿otro aumento?)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/flag_text.py" line="28"/>
        <source>less detail than any training image (out of focus?)</source>
        <translation>menos detalle que cualquier imagen de entrenamiento (¿desenfocada?)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/flag_text.py" line="29"/>
        <source>image unlike the training data (content)</source>
        <translation>imagen distinta de los datos de entrenamiento (contenido)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/flag_text.py" line="30"/>
        <source>low confidence</source>
        <translation>confianza baja</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/flag_text.py" line="31"/>
        <source>small margin between the top two classes</source>
        <translation>poco margen entre las dos clases más probables</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/flag_text.py" line="32"/>
        <source>reclassified by the operator</source>
        <translation>reclasificado por el operador</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/flag_text.py" line="42"/>
        <source>{0} ({1}%)</source>
        <translation>{0} ({1} %)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/flag_text.py" line="74"/>
        <source>no result: </source>
        <translation>sin resultado: </translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/flag_text.py" line="108"/>
        <source>UNCERTAIN — {0}</source>
        <translation>INCIERTO — {0}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/flag_text.py" line="109"/>
        <source>UNCERTAIN</source>
        <translation>INCIERTO</translation>
    </message>
</context>
<context>
    <name>Glossary</name>
    <message>
        <location filename="../../leukemia_gui/glossary.py" line="9"/>
        <source>ECE (expected calibration error): how far the stated confidence is from the share actually right, averaged over confidence bins. 0 % means a 90 % confident answer is right 9 times in 10; lower is better.</source>
        <translation>ECE (error de calibración esperado): cuánto se aleja la confianza indicada de la proporción de aciertos real, promediado por tramos de confianza. 0 % significa que una respuesta con 90 % de confianza acierta 9 de cada 10 veces; cuanto menor, mejor.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/glossary.py" line="16"/>
        <source>pp (percentage points): the plain difference of two percentages, e.g. 90 % to 93 % is +3 pp (not +3 %).</source>
        <translation>pp (puntos porcentuales): la diferencia simple entre dos porcentajes; p. ej., de 90 % a 93 % son +3 pp (no +3 %).</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/glossary.py" line="22"/>
        <source>Uncertain: the model is not sure about this image — the two most likely classes are close, or the image is unlike the training images (colour or content). Review such images by eye; the confidence alone does not say so.</source>
        <translation>Incierta: el modelo no está seguro de esta imagen — las dos clases más probables están cerca, o la imagen no se parece a las de entrenamiento (color o contenido). Revise estas imágenes a ojo; la confianza por sí sola no lo indica.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/glossary.py" line="29"/>
        <source>Heatmap: where in the image the model found evidence for the predicted class, blue (little) to red (much). It shows where the model looked, not a diagnosis.</source>
        <translation>Mapa de calor: dónde encontró el modelo indicios de la clase predicha, de azul (pocos) a rojo (muchos). Muestra dónde miró el modelo, no un diagnóstico.</translation>
    </message>
</context>
<context>
    <name>HeatmapLegend</name>
    <message>
        <location filename="../../leukemia_gui/widgets/heatmap_legend.py" line="77"/>
        <source>Box and frame colours: the class the model read in each cell. The field&apos;s result is built from its cells, the heaviest counting most.</source>
        <translation>Colores de recuadros y marcos: la clase que el modelo leyó en cada célula. El resultado del campo se construye a partir de sus células; las de más peso cuentan más.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/heatmap_legend.py" line="31"/>
        <source>less</source>
        <translation>menos</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/heatmap_legend.py" line="34"/>
        <source>more evidence</source>
        <translation>más indicios</translation>
    </message>
</context>
<context>
    <name>Heatmaps</name>
    <message>
        <location filename="../../leukemia_gui/heatmaps.py" line="61"/>
        <source>No heatmap: {0}</source>
        <translation>Sin mapa de calor: {0}</translation>
    </message>
</context>
<context>
    <name>HelpDialog</name>
    <message>
        <location filename="../../leukemia_gui/help_dialog.py" line="25"/>
        <location filename="../../leukemia_gui/help_dialog.py" line="35"/>
        <source>Getting started</source>
        <translation>Primeros pasos</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/help_dialog.py" line="26"/>
        <source>The guide could not be read: {0}</source>
        <translation>No se pudo leer la guía: {0}</translation>
    </message>
</context>
<context>
    <name>ImageDetailDialog</name>
    <message>
        <location filename="../../leukemia_gui/widgets/image_detail_dialog.py" line="35"/>
        <source>True class: {0}</source>
        <translation>Clase real: {0}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/image_detail_dialog.py" line="56"/>
        <source>Label is wrong? Correct to:</source>
        <translation>¿Etiqueta errónea? Corregir a:</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/image_detail_dialog.py" line="72"/>
        <source>Not saved: {0}</source>
        <translation>No guardado: {0}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/image_detail_dialog.py" line="80"/>
        <source>Saved to {0}.</source>
        <translation>Guardado en {0}.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/image_detail_dialog.py" line="82"/>
        <source>&lt;b&gt;Marked {0}&lt;/b&gt; (recorded label {1}). {2}</source>
        <translation>&lt;b&gt;Marcada {0}&lt;/b&gt; (etiqueta registrada {1}). {2}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/image_detail_dialog.py" line="85"/>
        <source>Not marked. Keys 1–4, U or X mark this image. {0}</source>
        <translation>Sin marcar. Las teclas 1–4, U o X marcan esta imagen. {0}</translation>
    </message>
</context>
<context>
    <name>ImageResultWidget</name>
    <message>
        <location filename="../../leukemia_gui/widgets/image_result.py" line="29"/>
        <source>Outline the white cells found in the field, each in the colour of the class the model read in it (see the legend), with its number and probability; hover over a box for its weight in the field&apos;s result. The strip below shows the cells that weigh most first.</source>
        <translation>Recuadrar los leucocitos encontrados en el campo, cada uno en el color de la clase que el modelo leyó en él (vea la leyenda), con su número y probabilidad; pase el puntero sobre un recuadro para ver su peso en el resultado del campo. La tira de abajo muestra primero las células de más peso.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/image_result.py" line="46"/>
        <source>Show heatmap</source>
        <translation>Mostrar mapa de calor</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/image_result.py" line="47"/>
        <location filename="../../leukemia_gui/widgets/image_result.py" line="89"/>
        <source>Colour where the model found evidence for the predicted class</source>
        <translation>Colorear dónde encontró el modelo indicios de la clase predicha</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/image_result.py" line="48"/>
        <source>Cells</source>
        <translation>Células</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/image_result.py" line="23"/>
        <source>This model has no heatmap (only the default architecture produces class maps).</source>
        <translation>Este modelo no tiene mapa de calor (solo la arquitectura predeterminada produce mapas de clase).</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/image_result.py" line="25"/>
        <source>Outline the white cells found in the field, numbered as in the strip below. Until cells are classified one by one, every box has the field&apos;s class colour (dark: the field has no result).</source>
        <translation>Recuadrar los leucocitos encontrados en el campo, numerados como en la tira de abajo. Mientras las células no se clasifiquen una a una, cada recuadro lleva el color de la clase del campo (oscuro: el campo no tiene resultado).</translation>
    </message>
</context>
<context>
    <name>ImageViewWidget</name>
    <message>
        <location filename="../../leukemia_gui/widgets/image_view.py" line="48"/>
        <source>No image</source>
        <translation>Sin imagen</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../leukemia_gui/main_window.py" line="56"/>
        <source>an unknown date</source>
        <translation>una fecha desconocida</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/main_window.py" line="60"/>
        <source>{0} images from {1} ({2})</source>
        <translation>{0} imágenes de {1} ({2})</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/main_window.py" line="62"/>
        <source>data not recorded in its card</source>
        <translation>datos no registrados en su ficha</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/main_window.py" line="64"/>
        <source>continued from {0}</source>
        <translation>continuación de {0}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/main_window.py" line="65"/>
        <source>a {0} model</source>
        <translation>un modelo {0}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/main_window.py" line="66"/>
        <source>&lt;b&gt;Not the shipped model.&lt;/b&gt; Results come from &lt;b&gt;{0}&lt;/b&gt; ({1}, folder {2}), trained {3} UTC on {4}. It has not been validated: its figures are its own ({5}), not the benchmark&apos;s, and the same images may get other classes than with the shipped model.</source>
        <translation>&lt;b&gt;No es el modelo incluido.&lt;/b&gt; Los resultados proceden de &lt;b&gt;{0}&lt;/b&gt; ({1}, carpeta {2}), entrenado el {3} UTC con {4}. No ha sido validado: sus cifras son las suyas propias ({5}), no las de la evaluación de referencia, y las mismas imágenes pueden recibir otras clases que con el modelo incluido.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/main_window.py" line="85"/>
        <source>ALL Classifier — research use only</source>
        <translation>ALL Classifier — solo para investigación</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/main_window.py" line="97"/>
        <source>Dataset</source>
        <translation>Datos</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/main_window.py" line="97"/>
        <source>Train</source>
        <translation>Entrenar</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/main_window.py" line="98"/>
        <source>Evaluate</source>
        <translation>Evaluar</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/main_window.py" line="99"/>
        <source>Classify</source>
        <translation>Clasificar</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/main_window.py" line="100"/>
        <source>Review</source>
        <translation>Revisar</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/main_window.py" line="100"/>
        <source>Compare</source>
        <translation>Comparar</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/main_window.py" line="119"/>
        <source>Research use only — not for diagnostic use.</source>
        <translation>Solo para investigación — no apto para uso diagnóstico.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/main_window.py" line="135"/>
        <source>&amp;File</source>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/main_window.py" line="136"/>
        <source>Open &amp;model…</source>
        <translation>Abrir &amp;modelo…</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/main_window.py" line="138"/>
        <source>Use a model folder (checked before use)</source>
        <translation>Usar una carpeta de modelo (se comprueba antes de usarla)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/main_window.py" line="140"/>
        <source>Open &amp;dataset…</source>
        <translation>Abrir &amp;datos…</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/main_window.py" line="143"/>
        <source>&amp;Quit</source>
        <translation>&amp;Salir</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/main_window.py" line="151"/>
        <source>&amp;Help</source>
        <translation>Ay&amp;uda</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/main_window.py" line="152"/>
        <source>&amp;Getting started</source>
        <translation>&amp;Primeros pasos</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/main_window.py" line="154"/>
        <source>What each tab does, where to start, the terms</source>
        <translation>Qué hace cada pestaña, por dónde empezar, los términos</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/main_window.py" line="156"/>
        <source>&amp;Keyboard shortcuts</source>
        <translation>Atajos de &amp;teclado</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/main_window.py" line="158"/>
        <source>&amp;Language</source>
        <translation>&amp;Idioma</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/main_window.py" line="162"/>
        <source>System default</source>
        <translation>El del sistema</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/main_window.py" line="169"/>
        <source>&amp;About…</source>
        <translation>&amp;Acerca de…</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/main_window.py" line="194"/>
        <source>Use the shipped model</source>
        <translation>Usar el modelo incluido</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/main_window.py" line="195"/>
        <source>Make the shipped, benchmarked model the active one again</source>
        <translation>Volver a activar el modelo incluido y evaluado</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/main_window.py" line="226"/>
        <source>open one</source>
        <translation>abra uno</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/main_window.py" line="227"/>
        <source>No model loaded — {0} (File → Open model…)</source>
        <translation>Ningún modelo cargado — {0} (Archivo → Abrir modelo…)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/main_window.py" line="231"/>
        <source>Model: {0} · {1}</source>
        <translation>Modelo: {0} · {1}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/main_window.py" line="247"/>
        <source>Open model</source>
        <translation>Abrir modelo</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/main_window.py" line="248"/>
        <source>This model cannot be used:

{0}</source>
        <translation>Este modelo no se puede usar:

{0}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/main_window.py" line="266"/>
        <source>Only images and folders of images can be classified.</source>
        <translation>Solo se pueden clasificar imágenes y carpetas de imágenes.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/main_window.py" line="268"/>
        <source>Nothing was classified: drop images on the Classify tab to classify them.</source>
        <translation>No se clasificó nada: arrastre las imágenes a la pestaña Clasificar para clasificarlas.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/main_window.py" line="272"/>
        <source>The {0} tab takes a dataset folder, not image files.</source>
        <translation>La pestaña {0} admite una carpeta de datos, no archivos de imagen.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/main_window.py" line="274"/>
        <source>The {0} tab takes a folder or split manifest, not image files.</source>
        <translation>La pestaña {0} admite una carpeta o un manifiesto de partición, no archivos de imagen.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/main_window.py" line="279"/>
        <source>Scanning {0} in the Dataset tab.</source>
        <translation>Examinando {0} en la pestaña Datos.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/main_window.py" line="282"/>
        <source>{0} is now the training data in the Train tab.</source>
        <translation>{0} son ahora los datos de entrenamiento en la pestaña Entrenar.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/main_window.py" line="286"/>
        <source>{0} is now the data to evaluate in the Evaluate tab.</source>
        <translation>{0} son ahora los datos que evaluar en la pestaña Evaluar.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/main_window.py" line="290"/>
        <source>{0} is now the data to compare on in the Compare tab.</source>
        <translation>{0} son ahora los datos con los que comparar en la pestaña Comparar.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/main_window.py" line="292"/>
        <source>The {0} tab does not take dropped files.</source>
        <translation>La pestaña {0} no admite archivos arrastrados.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/main_window.py" line="306"/>
        <source>The language changes when the app is started again.</source>
        <translation>El idioma cambia cuando se vuelve a iniciar la aplicación.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/main_window.py" line="316"/>
        <source>Open model folder</source>
        <translation>Abrir carpeta de modelo</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/main_window.py" line="328"/>
        <source>Shipped model</source>
        <translation>Modelo incluido</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/main_window.py" line="329"/>
        <source>The shipped model cannot be used:

{0}</source>
        <translation>El modelo incluido no se puede usar:

{0}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/main_window.py" line="369"/>
        <source>Work in progress</source>
        <translation>Trabajo en curso</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/main_window.py" line="370"/>
        <source>A task is still running. Stop it and quit?

Stopped work is discarded; nothing half-written is kept.</source>
        <translation>Todavía hay una tarea en curso. ¿Detenerla y salir?

El trabajo detenido se descarta; no se conserva nada a medio escribir.</translation>
    </message>
</context>
<context>
    <name>Metrics</name>
    <message>
        <location filename="../../leukemia_gui/widgets/metrics_view.py" line="28"/>
        <source>Accuracy</source>
        <translation>Exactitud</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/metrics_view.py" line="29"/>
        <source>Balanced accuracy</source>
        <translation>Exactitud equilibrada</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/metrics_view.py" line="30"/>
        <source>Loss</source>
        <translation>Pérdida</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/metrics_view.py" line="31"/>
        <source>ECE</source>
        <translation>ECE</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/metrics_view.py" line="32"/>
        <source>Uncertain rate</source>
        <translation>Tasa de inciertas</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/metrics_view.py" line="34"/>
        <source>Precision</source>
        <translation>Precisión</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/metrics_view.py" line="35"/>
        <source>Sensitivity</source>
        <translation>Sensib.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/metrics_view.py" line="36"/>
        <source>Specificity</source>
        <translation>Especif.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/metrics_view.py" line="37"/>
        <source>F1</source>
        <translation>F1</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/metrics_view.py" line="38"/>
        <source>Images</source>
        <translation>Imágenes</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/metrics_view.py" line="75"/>
        <source>Accuracy: no images</source>
        <translation>Exactitud: sin imágenes</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/metrics_view.py" line="79"/>
        <source>Accuracy {0} ({1} of {2} right, 95 % CI {3}–{4})</source>
        <translation>Exactitud {0} ({1} de {2} aciertos, IC 95 % {3}–{4})</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/metrics_view.py" line="83"/>
        <source>{0} image(s), fewer than {1}</source>
        <translation>{0} imagen(es), menos de {1}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/metrics_view.py" line="86"/>
        <source>fewer than {0} images of {1}</source>
        <translation>menos de {0} imágenes de {1}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/metrics_view.py" line="89"/>
        <source>: too small to estimate ({0})</source>
        <translation>: demasiado pequeña para estimarla ({0})</translation>
    </message>
</context>
<context>
    <name>MetricsWidget</name>
    <message>
        <location filename="../../leukemia_gui/widgets/metrics_view.py" line="111"/>
        <source>Accuracy: the share of the images whose predicted class is their label</source>
        <translation>Exactitud: la proporción de imágenes cuya clase predicha coincide con su etiqueta</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/metrics_view.py" line="113"/>
        <source>Balanced accuracy: the mean of the four classes&apos; sensitivities, so a large class does not hide a poorly recognised small one</source>
        <translation>Exactitud equilibrada: la media de las sensibilidades de las cuatro clases, para que una clase grande no oculte una pequeña mal reconocida</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/metrics_view.py" line="116"/>
        <source>Loss (cross-entropy): how little probability the model gave the true class, on average; lower is better</source>
        <translation>Pérdida (entropía cruzada): cuán poca probabilidad dio el modelo, en promedio, a la clase verdadera; cuanto menor, mejor</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/metrics_view.py" line="130"/>
        <source>Precision: of the images predicted as this class, the share that have it as their label</source>
        <translation>Precisión: de las imágenes predichas como esta clase, la proporción que la tiene como etiqueta</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/metrics_view.py" line="132"/>
        <source>Sensitivity: of the images labelled with this class, the share the model found</source>
        <translation>Sensibilidad: de las imágenes etiquetadas con esta clase, la proporción que el modelo reconoció</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/metrics_view.py" line="134"/>
        <source>Specificity: of the images of the other classes, the share not predicted as this class</source>
        <translation>Especificidad: de las imágenes de las otras clases, la proporción no predicha como esta clase</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/metrics_view.py" line="136"/>
        <source>F1: the harmonic mean of precision and sensitivity</source>
        <translation>F1: la media armónica de precisión y sensibilidad</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/metrics_view.py" line="137"/>
        <source>How many of the evaluated images have this class as their label</source>
        <translation>Cuántas de las imágenes evaluadas tienen esta clase como etiqueta</translation>
    </message>
</context>
<context>
    <name>ModelPickerWidget</name>
    <message>
        <location filename="../../leukemia_gui/widgets/model_picker.py" line="43"/>
        <source>Choose…</source>
        <translation>Elegir…</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/model_picker.py" line="44"/>
        <source>Any model folder (checked before use)</source>
        <translation>Cualquier carpeta de modelo (se comprueba antes de usarla)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/model_picker.py" line="91"/>
        <source>No model chosen</source>
        <translation>Ningún modelo elegido</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/model_picker.py" line="100"/>
        <source>Choose model folder</source>
        <translation>Elegir carpeta de modelo</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/model_picker.py" line="107"/>
        <source>Not a usable model: {0}</source>
        <translation>No es un modelo utilizable: {0}</translation>
    </message>
</context>
<context>
    <name>PredictionWidget</name>
    <message>
        <location filename="../../leukemia_gui/widgets/prediction_view.py" line="21"/>
        <source>This image is not like the smear fields the model was trained on, so the model&apos;s answer means nothing here and no class is given. Look at it by eye or take another field.</source>
        <translation>Esta imagen no se parece a los campos de frotis con los que se entrenó el modelo, así que su respuesta aquí no significa nada y no se da ninguna clase. Mírela a ojo o tome otro campo.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/prediction_view.py" line="24"/>
        <source>No result: the model reads a field by its white cells, and none was found here (only red cells, glass or debris, or not a smear field at all), so no class is given. Take another field.</source>
        <translation>Sin resultado: el modelo lee un campo por sus leucocitos y aquí no se encontró ninguno (solo hematíes, vidrio o restos, o no es un campo de frotis), así que no se da ninguna clase. Tome otro campo.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/prediction_view.py" line="28"/>
        <source>No result: no white cell was found here, and the image is not like the smear fields the model was trained on either, so no class is given. Look at it by eye or take another field.</source>
        <translation>Sin resultado: aquí no se encontró ningún leucocito y la imagen tampoco se parece a los campos de frotis con los que se entrenó el modelo, así que no se da ninguna clase. Mírela a ojo o tome otro campo.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/prediction_view.py" line="32"/>
        <source>Why uncertain at high confidence? The confidence only compares the four classes with each other; it cannot tell that the image itself is unlike the training images (another kind of picture, another magnification, out of focus). That is checked separately, and it decides here.</source>
        <translation>¿Por qué incierto con confianza alta? La confianza solo compara las cuatro clases entre sí; no puede saber que la propia imagen no se parece a las de entrenamiento (otro tipo de imagen, otro aumento, desenfocada). Eso se comprueba aparte, y aquí es lo que decide.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/prediction_view.py" line="82"/>
        <source>Not classified</source>
        <translation>Sin clasificar</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/prediction_view.py" line="91"/>
        <source>No white cell found</source>
        <translation>Ningún leucocito encontrado</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/prediction_view.py" line="91"/>
        <source>No result</source>
        <translation>Sin resultado</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/prediction_view.py" line="106"/>
        <source>Class {0} · confidence {1} %</source>
        <translation>Clase {0} · confianza {1} %</translation>
    </message>
</context>
<context>
    <name>ProbabilityBarsWidget</name>
    <message>
        <location filename="../../leukemia_gui/widgets/probability_bars.py" line="30"/>
        <source>{0} probability</source>
        <translation>Probabilidad de {0}</translation>
    </message>
</context>
<context>
    <name>RecentModelsMenu</name>
    <message>
        <location filename="../../leukemia_gui/recent_models_menu.py" line="21"/>
        <source>active</source>
        <translation>activo</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/recent_models_menu.py" line="23"/>
        <source>shipped</source>
        <translation>incluido</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/recent_models_menu.py" line="26"/>
        <source>last trained</source>
        <translation>último entrenado</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/recent_models_menu.py" line="44"/>
        <source>Recent &amp;models</source>
        <translation>&amp;Modelos recientes</translation>
    </message>
</context>
<context>
    <name>ResultsTableWidget</name>
    <message>
        <location filename="../../leukemia_gui/widgets/results_table.py" line="43"/>
        <source>File</source>
        <translation>Archivo</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/results_table.py" line="43"/>
        <source>Class</source>
        <translation>Clase</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/results_table.py" line="43"/>
        <source>Confidence</source>
        <translation>Confianza</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/results_table.py" line="44"/>
        <source>Uncertain</source>
        <translation>Incierta</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/results_table.py" line="44"/>
        <source>Cells</source>
        <translation>Células</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/results_table.py" line="45"/>
        <source>Reason/Error</source>
        <translation>Motivo/Error</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/results_table.py" line="67"/>
        <source>White cells found in the field (0: none; blank: the image could not be read)</source>
        <translation>Leucocitos encontrados en el campo (0: ninguno; en blanco: no se pudo leer la imagen)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/results_table.py" line="65"/>
        <location filename="../../leukemia_gui/widgets/results_table.py" line="91"/>
        <source>no result</source>
        <translation>sin resultado</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/results_table.py" line="94"/>
        <source>yes</source>
        <translation>sí</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/results_table.py" line="94"/>
        <source>no</source>
        <translation>no</translation>
    </message>
</context>
<context>
    <name>ReviewHub</name>
    <message>
        <location filename="../../leukemia_gui/review_hub.py" line="54"/>
        <source>evaluation of {0} on {1}</source>
        <translation>evaluación de {0} con {1}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/review_hub.py" line="74"/>
        <source>{0} classified image(s)</source>
        <translation>{0} imagen(es) clasificada(s)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/review_hub.py" line="76"/>
        <source>, {0} labelled by their class folder</source>
        <translation>, {0} etiquetada(s) por su carpeta de clase</translation>
    </message>
</context>
<context>
    <name>ReviewItemWidget</name>
    <message>
        <location filename="../../leukemia_gui/widgets/review_item_view.py" line="26"/>
        <source>labelled {0}, predicted {1} ({2})</source>
        <translation>etiqueta {0}, predicción {1} ({2})</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/review_item_view.py" line="39"/>
        <source>No image</source>
        <translation>Sin imagen</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/review_item_view.py" line="43"/>
        <source>Keys: ←/→ or ↑/↓ move · Home/End · H heatmap · Ctrl+Z undo</source>
        <translation>Teclas: ←/→ o ↑/↓ mover · Inicio/Fin · H mapa de calor · Ctrl+Z deshacer</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/review_item_view.py" line="68"/>
        <source>labelled &lt;b&gt;{0}&lt;/b&gt;, </source>
        <translation>etiqueta &lt;b&gt;{0}&lt;/b&gt;, </translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/review_item_view.py" line="69"/>
        <source>no label, </source>
        <translation>sin etiqueta, </translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/review_item_view.py" line="71"/>
        <source>&lt;b&gt;#{0}&lt;/b&gt; of {1} · &lt;b&gt;{2}&lt;/b&gt; — {3}predicted &lt;b&gt;{4}&lt;/b&gt; ({5})&lt;br&gt;{6}</source>
        <translation>&lt;b&gt;n.º {0}&lt;/b&gt; de {1} · &lt;b&gt;{2}&lt;/b&gt; — {3}predicción &lt;b&gt;{4}&lt;/b&gt; ({5})&lt;br&gt;{6}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/review_item_view.py" line="74"/>
        <source>confident, agrees with the label</source>
        <translation>segura, coincide con la etiqueta</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/review_item_view.py" line="84"/>
        <source>Cannot show this image: {0}</source>
        <translation>No se puede mostrar esta imagen: {0}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/review_item_view.py" line="91"/>
        <source>Not marked. The recorded label is {0}.</source>
        <translation>Sin marcar. La etiqueta registrada es {0}.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/review_item_view.py" line="92"/>
        <source>Not marked. The recorded label is {0} (the prediction; no label is known).</source>
        <translation>Sin marcar. La etiqueta registrada es {0} (la predicción; no se conoce ninguna etiqueta).</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/review_item_view.py" line="95"/>
        <source>&lt;b&gt;Marked {0}&lt;/b&gt; by {1}, {2} (recorded label {3}).</source>
        <translation>&lt;b&gt;Marcada como {0}&lt;/b&gt; por {1}, {2} (etiqueta registrada {3}).</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/review_item_view.py" line="96"/>
        <source>&lt;b&gt;Marked {0}&lt;/b&gt;, {2} (recorded label {3}).</source>
        <translation>&lt;b&gt;Marcada como {0}&lt;/b&gt;, {2} (etiqueta registrada {3}).</translation>
    </message>
</context>
<context>
    <name>ReviewTab</name>
    <message>
        <location filename="../../leukemia_gui/tabs/review_tab.py" line="32"/>
        <source>Nothing to review yet. Evaluate labelled images (Evaluate tab) or classify a folder (Classify tab), then press Review queue… there.</source>
        <translation>Aún no hay nada que revisar. Evalúe imágenes etiquetadas (pestaña Evaluar) o clasifique una carpeta (pestaña Clasificar) y pulse allí «Cola de revisión…».</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/review_queue_list.py" line="28"/>
        <source>labelled {0}</source>
        <translation>etiqueta {0}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/review_queue_list.py" line="30"/>
        <source>uncertain</source>
        <translation>incierta</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/review_tab.py" line="64"/>
        <source>Latest evaluation</source>
        <translation>Última evaluación</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/review_tab.py" line="65"/>
        <source>Review the images of the latest evaluation (Evaluate tab)</source>
        <translation>Revisar las imágenes de la última evaluación (pestaña Evaluar)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/review_tab.py" line="66"/>
        <source>Latest classification</source>
        <translation>Última clasificación</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/review_tab.py" line="67"/>
        <source>Review the images classified last (Classify tab)</source>
        <translation>Revisar las últimas imágenes clasificadas (pestaña Clasificar)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/review_filters.py" line="44"/>
        <source>All classes</source>
        <translation>Todas las clases</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/review_filters.py" line="47"/>
        <source>Images predicted as, or labelled as, this class</source>
        <translation>Imágenes predichas o etiquetadas como esta clase</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/review_filters.py" line="51"/>
        <source>Why an image is in the queue</source>
        <translation>Por qué una imagen está en la cola</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/review_filters.py" line="52"/>
        <source>Also confident, agreeing images</source>
        <translation>También seguras y coincidentes</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/review_filters.py" line="53"/>
        <source>Add the images the model is sure about (and agrees with the label) at the end</source>
        <translation>Añadir al final las imágenes de las que el modelo está seguro (y coinciden con la etiqueta)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/review_filters.py" line="55"/>
        <source>Next image after marking</source>
        <translation>Avanzar al marcar</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/review_filters.py" line="56"/>
        <source>After a mark, show the next image of the queue</source>
        <translation>Tras marcar, mostrar la siguiente imagen de la cola</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/review_filters.py" line="63"/>
        <source>Class:</source>
        <translation>Clase:</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/review_filters.py" line="64"/>
        <source>Reason:</source>
        <translation>Motivo:</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/review_queue_list.py" line="44"/>
        <source>Review queue</source>
        <translation>Cola de revisión</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/corrections_file_bar.py" line="30"/>
        <source>Change…</source>
        <translation>Cambiar…</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/corrections_file_bar.py" line="32"/>
        <source>Choose the corrections CSV the marks are saved to</source>
        <translation>Elegir el CSV de correcciones donde se guardan las marcas</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/review_filters.py" line="23"/>
        <source>All reasons</source>
        <translation>Todos los motivos</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/review_filters.py" line="24"/>
        <source>Unlike the training data</source>
        <translation>Distinta de los datos de entrenamiento</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/review_filters.py" line="25"/>
        <source>Colour unlike training</source>
        <translation>Color distinto del entrenamiento</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/review_filters.py" line="26"/>
        <source>Content unlike training</source>
        <translation>Contenido distinto del entrenamiento</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/review_filters.py" line="27"/>
        <source>Low confidence</source>
        <translation>Confianza baja</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/review_filters.py" line="28"/>
        <source>Small margin</source>
        <translation>Margen pequeño</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/review_filters.py" line="29"/>
        <source>Disagrees with the label</source>
        <translation>No coincide con la etiqueta</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/review_tab.py" line="135"/>
        <source>&lt;b&gt;Reviewing&lt;/b&gt; {0}</source>
        <translation>&lt;b&gt;Revisando&lt;/b&gt; {0}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/review_tab.py" line="159"/>
        <source>Not saved: {0}</source>
        <translation>No guardado: {0}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/review_tab.py" line="165"/>
        <source>{0}: correction removed.</source>
        <translation>{0}: corrección quitada.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/review_tab.py" line="166"/>
        <source>{0}: marked {1}.</source>
        <translation>{0}: marcada como {1}.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/review_tab.py" line="172"/>
        <source>Nothing to undo.</source>
        <translation>Nada que deshacer.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/review_tab.py" line="181"/>
        <source>Could not undo: {0}</source>
        <translation>No se pudo deshacer: {0}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/review_tab.py" line="186"/>
        <source>Undone: {0}.</source>
        <translation>Deshecho: {0}.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/review_tab.py" line="219"/>
        <source>{0} shown of {1} in queue · {2} marked</source>
        <translation>{0} mostradas de {1} en la cola · {2} marcadas</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/review_tab.py" line="222"/>
        <source>{0} in queue · {1} marked</source>
        <translation>{0} en la cola · {1} marcadas</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/corrections_file_bar.py" line="43"/>
        <source>{0} marked</source>
        <translation>{0} marcadas</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/corrections_file_bar.py" line="45"/>
        <source>unusable: {0}</source>
        <translation>inutilizable: {0}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/corrections_file_bar.py" line="46"/>
        <source>Corrections file: {0}  ({1})</source>
        <translation>Archivo de correcciones: {0}  ({1})</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/corrections_file_bar.py" line="47"/>
        <source>{0}

Every mark is saved here at once; train --from MODEL --corrections FILE applies it</source>
        <translation>{0}

Cada marca se guarda aquí al instante; train --from MODELO --corrections ARCHIVO la aplica</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/review_tab.py" line="236"/>
        <source>Nothing here needs a look. Change the filters, or tick “Also confident, agreeing images” to go through the rest.</source>
        <translation>Aquí no hay nada que requiera revisión. Cambie los filtros o marque «También seguras y coincidentes» para recorrer el resto.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/review_tab.py" line="243"/>
        <source>{0}: {1}. It can still be marked (X: not a usable field) if the file exists.</source>
        <translation>{0}: {1}. Aún se puede marcar (X: campo no utilizable) si el archivo existe.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/review_tab.py" line="283"/>
        <source>New evaluation results: press “Latest evaluation” to review them.</source>
        <translation>Nuevos resultados de evaluación: pulse «Última evaluación» para revisarlos.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/review_tab.py" line="285"/>
        <source>New classification results: press “Latest classification” to review them.</source>
        <translation>Nuevos resultados de clasificación: pulse «Última clasificación» para revisarlos.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/corrections_file_bar.py" line="52"/>
        <source>Corrections file</source>
        <translation>Archivo de correcciones</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/corrections_file_bar.py" line="53"/>
        <source>CSV files (*.csv)</source>
        <translation>Archivos CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/corrections_file_bar.py" line="59"/>
        <source>Not a corrections file, keeping the old one: {0}</source>
        <translation>No es un archivo de correcciones; se mantiene el anterior: {0}</translation>
    </message>
</context>
<context>
    <name>TaskProgressWidget</name>
    <message>
        <location filename="../../leukemia_gui/widgets/task_progress.py" line="23"/>
        <source>Checking images</source>
        <translation>Comprobando imágenes</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/task_progress.py" line="24"/>
        <source>Looking for duplicates</source>
        <translation>Buscando duplicados</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/task_progress.py" line="25"/>
        <source>Balancing classes</source>
        <translation>Equilibrando clases</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/task_progress.py" line="26"/>
        <location filename="../../leukemia_gui/widgets/task_progress.py" line="27"/>
        <source>Training</source>
        <translation>Entrenando</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/task_progress.py" line="28"/>
        <source>Finishing</source>
        <translation>Terminando</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/task_progress.py" line="52"/>
        <location filename="../../leukemia_gui/widgets/task_progress.py" line="75"/>
        <location filename="../../leukemia_gui/widgets/task_progress.py" line="105"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/task_progress.py" line="54"/>
        <source>Stop the running task; nothing half-written is kept.</source>
        <translation>Detener la tarea en curso; no se conserva nada a medio escribir.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/task_progress.py" line="55"/>
        <source>Cancelled.</source>
        <translation>Cancelado.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/task_progress.py" line="96"/>
        <location filename="../../leukemia_gui/widgets/task_progress.py" line="97"/>
        <source>Cancelling…</source>
        <translation>Cancelando…</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/task_progress.py" line="103"/>
        <source>Done</source>
        <translation>Hecho</translation>
    </message>
</context>
<context>
    <name>ThumbnailGridWidget</name>
    <message>
        <location filename="../../leukemia_gui/widgets/thumbnails.py" line="39"/>
        <source>Choose a dataset folder to see sample images.</source>
        <translation>Elija una carpeta de datos para ver imágenes de muestra.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/thumbnails.py" line="63"/>
        <source>{0} images</source>
        <translation>{0} imágenes</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/thumbnails.py" line="71"/>
        <source>no readable images</source>
        <translation>ninguna imagen legible</translation>
    </message>
</context>
<context>
    <name>TrainCurves</name>
    <message>
        <location filename="../../leukemia_gui/widgets/train_curves.py" line="29"/>
        <location filename="../../leukemia_gui/widgets/train_curves.py" line="111"/>
        <source>validation</source>
        <translation>validación</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_curves.py" line="30"/>
        <source>training-image (no validation part)</source>
        <translation>imágenes de entrenamiento</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_curves.py" line="49"/>
        <source>Accuracy</source>
        <translation>Exactitud</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_curves.py" line="50"/>
        <source>Loss</source>
        <translation>Pérdida</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_curves.py" line="57"/>
        <source>epoch</source>
        <translation>época</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_curves.py" line="61"/>
        <source>train</source>
        <translation>entrenamiento</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_curves.py" line="63"/>
        <source>saved model, {0} {1}% (n={2})</source>
        <translation>modelo guardado, {0}
{1} % (n={2})</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_curves.py" line="112"/>
        <source>val_ (training images)</source>
        <translation>val_ (imágenes de entrenamiento)</translation>
    </message>
</context>
<context>
    <name>TrainResultWidget</name>
    <message>
        <location filename="../../leukemia_gui/widgets/train_result.py" line="60"/>
        <source>Result</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_result.py" line="61"/>
        <source>No model trained in this session yet.</source>
        <translation>Aún no se ha entrenado ningún modelo en esta sesión.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_result.py" line="65"/>
        <source>Make the new model the active one for Evaluate and Classify.</source>
        <translation>Hacer del nuevo modelo el activo para Evaluar y Clasificar.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_result.py" line="78"/>
        <source>In use ✓</source>
        <translation>En uso ✓</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_result.py" line="78"/>
        <source>Use this model</source>
        <translation>Usar este modelo</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_result.py" line="91"/>
        <source>&lt;b&gt;Saved:&lt;/b&gt; &lt;code&gt;{0}&lt;/code&gt; · {1} epoch(s) in {2}</source>
        <translation>&lt;b&gt;Guardado:&lt;/b&gt; &lt;code&gt;{0}&lt;/code&gt; · {1} época(s) en {2}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_result.py" line="94"/>
        <source>; the model of epoch {0} was kept (lowest validation loss)</source>
        <translation>; se conservó el modelo de la época {0} (menor pérdida de validación)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_result.py" line="96"/>
        <source>; the model of epoch {0} was kept (lowest val_loss, scored on the training images)</source>
        <translation>; se conservó el modelo de la época {0} (menor val_loss, medida en las imágenes de entrenamiento)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_result.py" line="99"/>
        <source>Validation accuracy</source>
        <translation>Exactitud de validación</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_result.py" line="100"/>
        <source>Training-image (no validation part) accuracy</source>
        <translation>Exactitud en imágenes de entrenamiento (sin parte de validación)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_result.py" line="101"/>
        <source>Test accuracy</source>
        <translation>Exactitud de prueba</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_result.py" line="103"/>
        <source>{0}: no images in this part, not measured.</source>
        <translation>{0}: no hay imágenes en esta parte; no se midió.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_result.py" line="107"/>
        <source>, balanced {0}</source>
        <translation>, equilibrada {0}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_result.py" line="111"/>
        <source>Continued from &lt;b&gt;{0}&lt;/b&gt; (checksum {1}…)</source>
        <translation>Continuado a partir de &lt;b&gt;{0}&lt;/b&gt; (suma de control {1}…)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_result.py" line="128"/>
        <source>Corrections ({0}, SHA-256 {1}…): {2}</source>
        <translation>Correcciones ({0}, SHA-256 {1}…): {2}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_result.py" line="132"/>
        <source> and {0} more (see the log)</source>
        <translation> y {0} más (véase el registro)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_result.py" line="135"/>
        <source>Skipped {0} correction(s) (image changed, gone or relabelled since): {1}{2}</source>
        <translation>Se omitieron {0} corrección(es) (imagen cambiada, desaparecida o reetiquetada desde entonces): {1}{2}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_result.py" line="36"/>
        <source>making it active needs an override: {0}</source>
        <translation>activarlo requiere una excepción: {0}</translation>
    </message>
</context>
<context>
    <name>TrainSettingsWidget</name>
    <message>
        <location filename="../../leukemia_gui/widgets/train_settings.py" line="49"/>
        <source>default (field CNN)</source>
        <translation>default (CNN del campo)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_settings.py" line="52"/>
        <source>{0}, recommended</source>
        <translation>{0}, recomendada</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_settings.py" line="50"/>
        <source>seed (reference CNN)</source>
        <translation>seed (CNN de referencia)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_settings.py" line="51"/>
        <source>cells (white cells, attention)</source>
        <translation>cells (leucocitos, atención)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_settings.py" line="54"/>
        <source>Colour CNN with stain augmentation; fast on a laptop CPU.</source>
        <translation>CNN en color con aumento de tinción; rápida en la CPU de un portátil.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_settings.py" line="55"/>
        <source>The reference CNN of the original study: greyscale 224 px input, slower.</source>
        <translation>La CNN de referencia del estudio original: entrada en escala de grises de 224 px, más lenta.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_settings.py" line="56"/>
        <source>Each white cell read by a frozen ImageNet network; the field&apos;s class from its cells, weighed by attention. Fields without a white cell get no result.</source>
        <translation>Cada leucocito leído por una red de ImageNet congelada; la clase del campo a partir de sus células, ponderadas por atención. Los campos sin leucocitos no dan resultado.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_settings.py" line="64"/>
        <source>dataset folder or split manifest (.json/.csv)</source>
        <translation>carpeta de datos o manifiesto de partición (.json/.csv)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_settings.py" line="65"/>
        <source>A folder with one subfolder per class (split 70/15/15 by blocks of file numbers, duplicates kept together), or a split manifest written by &apos;leukemia split&apos;.</source>
        <translation>Una carpeta con una subcarpeta por clase (partida 70/15/15 por bloques de números de archivo, con los duplicados juntos), o un manifiesto de partición escrito por &apos;leukemia split&apos;.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_settings.py" line="68"/>
        <source>Folder…</source>
        <translation>Carpeta…</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_settings.py" line="70"/>
        <source>Manifest…</source>
        <translation>Manifiesto…</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_settings.py" line="80"/>
        <source>Model architecture. Changing it fills in its default settings.</source>
        <translation>Arquitectura del modelo. Al cambiarla se rellenan sus valores predeterminados.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_settings.py" line="87"/>
        <source>Passes over the training images. Training stops early when the validation loss stops improving; the best epoch is kept.</source>
        <translation>Pasadas por las imágenes de entrenamiento. El entrenamiento se detiene antes si la pérdida de validación deja de mejorar; se conserva la mejor época.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_settings.py" line="92"/>
        <source>Images per training step. Lower it if memory runs out.</source>
        <translation>Imágenes por paso de entrenamiento. Redúzcalo si se agota la memoria.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_settings.py" line="97"/>
        <source>Initial learning rate of the optimiser.</source>
        <translation>Tasa de aprendizaje inicial del optimizador.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_settings.py" line="102"/>
        <source>Images are resized to this square size before the model sees them; prediction uses the same size.</source>
        <translation>Las imágenes se redimensionan a este tamaño cuadrado antes de que el modelo las vea; la predicción usa el mismo tamaño.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_settings.py" line="107"/>
        <source>Random seed for the split, augmentation and weights: the same seed and data give a comparable run.</source>
        <translation>Semilla aleatoria para la partición, el aumento y los pesos: la misma semilla y los mismos datos dan un entrenamiento comparable.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_settings.py" line="110"/>
        <source>A new model folder. Written only when training completes; a cancelled run saves nothing.</source>
        <translation>Una carpeta nueva para el modelo. Solo se escribe cuando el entrenamiento termina; un entrenamiento cancelado no guarda nada.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_settings.py" line="116"/>
        <location filename="../../leukemia_gui/widgets/train_settings.py" line="170"/>
        <source>Choose…</source>
        <translation>Elegir…</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_settings.py" line="122"/>
        <source>Data</source>
        <translation>Datos</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_settings.py" line="127"/>
        <source>Model</source>
        <translation>Modelo</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_settings.py" line="129"/>
        <source>Architecture:</source>
        <translation>Arquitectura:</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_settings.py" line="131"/>
        <source>Epochs:</source>
        <translation>Épocas:</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_settings.py" line="132"/>
        <source>Batch size:</source>
        <translation>Tamaño de lote:</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_settings.py" line="133"/>
        <source>Learning rate:</source>
        <translation>Tasa de aprendizaje:</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_settings.py" line="134"/>
        <source>Image size:</source>
        <translation>Tamaño de imagen:</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_settings.py" line="135"/>
        <source>Seed:</source>
        <translation>Semilla:</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_settings.py" line="136"/>
        <source>Save model to</source>
        <translation>Guardar el modelo en</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_settings.py" line="155"/>
        <source>Continue from the active model</source>
        <translation>Continuar a partir del modelo activo</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_settings.py" line="157"/>
        <source>Fine-tune the active model instead of starting from scratch. The new model keeps its classes, architecture and preprocessing, starts from a tenth of its learning rate, and its card names the parent (id and checksum).</source>
        <translation>Ajustar el modelo activo en lugar de empezar de cero. El nuevo modelo conserva sus clases, arquitectura y preprocesado, empieza con una décima parte de su tasa de aprendizaje y su ficha nombra al modelo padre (id y suma de control).</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_settings.py" line="165"/>
        <source>corrections file (.csv), optional</source>
        <translation>archivo de correcciones (.csv), opcional</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_settings.py" line="167"/>
        <source>Label corrections applied to the data before training (relabel, exclude, unsure); the images are never touched. The card records the file&apos;s SHA-256; a correction whose image changed since is skipped and listed after training.</source>
        <translation>Correcciones de etiquetas aplicadas a los datos antes de entrenar (reetiquetar, excluir, dudosa); las imágenes nunca se modifican. La ficha registra el SHA-256 del archivo; una corrección cuya imagen haya cambiado desde entonces se omite y se lista tras el entrenamiento.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_settings.py" line="172"/>
        <source>Clear</source>
        <translation>Borrar</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_settings.py" line="174"/>
        <source>Review&apos;s file</source>
        <translation>Archivo de Revisar</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_settings.py" line="175"/>
        <source>Use the corrections file the Review tab writes to</source>
        <translation>Usar el archivo de correcciones en el que escribe la pestaña Revisar</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_settings.py" line="177"/>
        <source>Export corrected copy…</source>
        <translation>Exportar copia corregida…</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_settings.py" line="178"/>
        <source>Write a corrected copy of the data (one folder per class, plus a report) into a new folder; the source is only read.</source>
        <translation>Escribir una copia corregida de los datos (una carpeta por clase, más un informe) en una carpeta nueva; el origen solo se lee.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_settings.py" line="188"/>
        <source>Learning loop</source>
        <translation>Ciclo de aprendizaje</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_settings.py" line="192"/>
        <source>Corrections:</source>
        <translation>Correcciones:</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_settings.py" line="269"/>
        <source>no model is active</source>
        <translation>no hay ningún modelo activo</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_settings.py" line="274"/>
        <source>This model cannot be continued: {0}</source>
        <translation>Este modelo no se puede continuar: {0}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_settings.py" line="284"/>
        <source>Parent {0}: keeps its classes, &apos;{1}&apos; architecture and {2} px {3} preprocessing with ROI; a tenth of its learning rate, {4} epoch(s) by default.</source>
        <translation>Padre {0}: se conservan sus clases, la arquitectura &apos;{1}&apos; y el preprocesado {3} de {2} px con ROI; una décima parte de su tasa de aprendizaje, {4} época(s) por defecto.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_settings.py" line="287"/>
        <source>Parent {0}: keeps its classes, &apos;{1}&apos; architecture and {2} px {3} preprocessing; a tenth of its learning rate, {4} epoch(s) by default.</source>
        <translation>Padre {0}: se conservan sus clases, la arquitectura &apos;{1}&apos; y el preprocesado {3} de {2} px; una décima parte de su tasa de aprendizaje, {4} época(s) por defecto.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_settings.py" line="313"/>
        <source>Corrections</source>
        <translation>Correcciones</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_settings.py" line="314"/>
        <source>No corrections have been marked yet ({0} does not exist); mark some in the Review tab.</source>
        <translation>Aún no se ha marcado ninguna corrección ({0} no existe); márquelas en la pestaña Revisar.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_settings.py" line="319"/>
        <source>Corrections file</source>
        <translation>Archivo de correcciones</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_settings.py" line="320"/>
        <source>Corrections (*.csv);;All files (*)</source>
        <translation>Correcciones (*.csv);;Todos los archivos (*)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_settings.py" line="335"/>
        <source>Training data folder</source>
        <translation>Carpeta de datos de entrenamiento</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_settings.py" line="343"/>
        <source>Split manifest</source>
        <translation>Manifiesto de partición</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_settings.py" line="344"/>
        <source>Split manifests (*.json *.csv)</source>
        <translation>Manifiestos de partición (*.json *.csv)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_settings.py" line="354"/>
        <source>Parent folder for the new model</source>
        <translation>Carpeta donde crear el nuevo modelo</translation>
    </message>
</context>
<context>
    <name>TrainTab</name>
    <message>
        <location filename="../../leukemia_gui/tabs/train_tab.py" line="49"/>
        <source>Start training</source>
        <translation>Iniciar entrenamiento</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_tab.py" line="51"/>
        <source>Train in the background; the app stays usable.</source>
        <translation>Entrenar en segundo plano; la aplicación sigue utilizable.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_tab.py" line="53"/>
        <source>Resume interrupted training</source>
        <translation>Reanudar entrenamiento interrumpido</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_tab.py" line="54"/>
        <source>Continue the last training that was cancelled, failed or killed, from its last completed epoch (epoch backup).</source>
        <translation>Continuar el último entrenamiento cancelado, fallido o interrumpido desde su última época completada (copia de seguridad por época).</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_run_view.py" line="28"/>
        <source>Training runs on the CPU; one epoch over the full dataset takes minutes.</source>
        <translation>El entrenamiento se ejecuta en la CPU; una época sobre todos los datos tarda minutos.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_curves.py" line="79"/>
        <source>Accuracy and loss per epoch appear here during training.</source>
        <translation>La exactitud y la pérdida por época aparecen aquí durante el entrenamiento.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_log.py" line="27"/>
        <source>Training log</source>
        <translation>Registro de entrenamiento</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_tab.py" line="109"/>
        <source>Training data</source>
        <translation>Datos de entrenamiento</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_tab.py" line="110"/>
        <source>Choose a dataset folder or a split manifest first.</source>
        <translation>Elija primero una carpeta de datos o un manifiesto de partición.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_tab.py" line="111"/>
        <source>{0} does not exist.</source>
        <translation>{0} no existe.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_tab.py" line="116"/>
        <source>Training settings</source>
        <translation>Ajustes de entrenamiento</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_tab.py" line="119"/>
        <location filename="../../leukemia_gui/tabs/train_tab.py" line="131"/>
        <source>Refused: {0}</source>
        <translation>Rechazado: {0}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_tab.py" line="120"/>
        <source>Continue training</source>
        <translation>Continuar entrenamiento</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_tab.py" line="121"/>
        <source>The active model cannot be continued:

{0}</source>
        <translation>El modelo activo no se puede continuar:

{0}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_tab.py" line="124"/>
        <source>Corrections</source>
        <translation>Correcciones</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_tab.py" line="132"/>
        <source>Output folder</source>
        <translation>Carpeta de salida</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_tab.py" line="133"/>
        <source>Training will not write there:

{0}

The output folder must be new, empty, or a model this app saved, and must not hold or lie inside the training data.</source>
        <translation>El entrenamiento no escribirá ahí:

{0}

La carpeta de salida debe ser nueva, estar vacía o ser un modelo guardado por esta aplicación, y no debe contener los datos de entrenamiento ni estar dentro de ellos.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_tab.py" line="154"/>
        <source>Resume training</source>
        <translation>Reanudar entrenamiento</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_tab.py" line="155"/>
        <source>The backup cannot be resumed: {0}</source>
        <translation>La copia de seguridad no se puede reanudar: {0}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_tab.py" line="157"/>
        <source>Resuming from the epoch backup {0}: epochs 1-{1} of {2} were kept (the model after epoch {1}, its optimizer state and curves); training continues at epoch {3}.</source>
        <translation>Reanudando desde la copia de seguridad por época {0}: se conservaron las épocas 1-{1} de {2} (el modelo tras la época {1}, el estado de su optimizador y sus curvas); el entrenamiento continúa en la época {3}.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_export.py" line="61"/>
        <source>Writing a corrected copy of {0} to {1}…</source>
        <translation>Escribiendo una copia corregida de {0} en {1}…</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_export.py" line="63"/>
        <source>Exporting a corrected copy of {0} with {1} to {2}</source>
        <translation>Exportando una copia corregida de {0} con {1} a {2}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_text.py" line="43"/>
        <source>&apos;{0}&apos;, {1} epoch(s), batch {2}, learning rate {3}, {4} px, augmentation {5}, schedule {6}, seed {7}</source>
        <translation>&apos;{0}&apos;, {1} época(s), lote {2}, tasa de aprendizaje {3}, {4} px, aumento {5}, programa {6}, semilla {7}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_tab.py" line="206"/>
        <source>Training…</source>
        <translation>Entrenando…</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_curves.py" line="88"/>
        <source>Waiting for the first epoch…</source>
        <translation>Esperando la primera época…</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_log.py" line="35"/>
        <source>Continuing &apos;{0}&apos; model {1} on {2}</source>
        <translation>Continuando el modelo &apos;{0}&apos; {1} con {2}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_log.py" line="38"/>
        <source>Training &apos;{0}&apos; on {1}</source>
        <translation>Entrenando &apos;{0}&apos; con {1}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_log.py" line="41"/>
        <source>  corrections {0}</source>
        <translation>  correcciones {0}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_log.py" line="42"/>
        <source>  output {0}</source>
        <translation>  salida {0}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_tab.py" line="213"/>
        <source>Preparing data (scan, duplicate check, split)…</source>
        <translation>Preparando los datos (exploración, comprobación de duplicados, partición)…</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_tab.py" line="232"/>
        <source>Resume interrupted training (after epoch {0}/{1})</source>
        <translation>Reanudar entrenamiento interrumpido (tras la época {0}/{1})</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_text.py" line="68"/>
        <source>No model was saved, and no epoch was completed, so there is nothing to resume.</source>
        <translation>No se guardó ningún modelo y no se completó ninguna época, así que no hay nada que reanudar.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_text.py" line="72"/>
        <source>No model was saved. The epoch backup {0} keeps epochs 1-{1} of {2} (the model after epoch {1}); “Resume interrupted training” continues at epoch {3}.</source>
        <translation>No se guardó ningún modelo. La copia de seguridad por época {0} conserva las épocas 1-{1} de {2} (el modelo tras la época {1}); «Reanudar entrenamiento interrumpido» continúa en la época {3}.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_tab.py" line="240"/>
        <source>Will train: {0}</source>
        <translation>Se entrenará: {0}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_tab.py" line="243"/>
        <source>Cannot train with these settings: {0}</source>
        <translation>No se puede entrenar con estos ajustes: {0}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_tab.py" line="256"/>
        <source>Cancelling (stops after the current batch; the running epoch is not kept)…</source>
        <translation>Cancelando (se detiene tras el lote actual; la época en curso no se conserva)…</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_text.py" line="81"/>
        <source>  split: {0} training, {1} validation, {2} test image(s)</source>
        <translation>  partición: {0} imágenes de entrenamiento, {1} de validación, {2} de prueba</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_text.py" line="87"/>
        <source>  no validation images: the val_ figures below are scored on the training images and say little about new images</source>
        <translation>  no hay imágenes de validación: las cifras val_ siguientes se miden en las imágenes de entrenamiento y dicen poco sobre imágenes nuevas</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_run_view.py" line="55"/>
        <source>Training: {0}</source>
        <translation>Entrenamiento: {0}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_run_view.py" line="57"/>
        <source>Elapsed {0} · about {1} left</source>
        <translation>Transcurrido {0} · quedan unos {1}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_log.py" line="53"/>
        <source>Warning: {0}</source>
        <translation>Aviso: {0}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_tab.py" line="262"/>
        <source>Finished: model saved to {0}</source>
        <translation>Terminado: modelo guardado en {0}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_tab.py" line="263"/>
        <source>Saved model to {0}</source>
        <translation>Modelo guardado en {0}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_tab.py" line="274"/>
        <source>Training failed: {0}</source>
        <translation>El entrenamiento falló: {0}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_tab.py" line="275"/>
        <source>Training failed. {0}</source>
        <translation>El entrenamiento falló. {0}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_tab.py" line="276"/>
        <source>FAILED: {0}</source>
        <translation>FALLÓ: {0}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_tab.py" line="282"/>
        <source>Training cancelled.</source>
        <translation>Entrenamiento cancelado.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_tab.py" line="283"/>
        <source>Training was cancelled. {0}</source>
        <translation>El entrenamiento se canceló. {0}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_tab.py" line="284"/>
        <source>Cancelled. {0}</source>
        <translation>Cancelado. {0}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_export.py" line="36"/>
        <source>Export corrected copy</source>
        <translation>Exportar copia corregida</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_export.py" line="37"/>
        <source>Choose the data and a corrections file first.</source>
        <translation>Elija primero los datos y un archivo de correcciones.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_export.py" line="39"/>
        <source>Folder for the corrected copy</source>
        <translation>Carpeta para la copia corregida</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_export.py" line="75"/>
        <source>Corrected copy written to {0} ({1})</source>
        <translation>Copia corregida escrita en {0} ({1})</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_export.py" line="76"/>
        <source>Corrected copy: {0} ({1}); {2}</source>
        <translation>Copia corregida: {0} ({1}); {2}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_text.py" line="219"/>
        <source>  correction {0}: {1} — {2}</source>
        <translation>  corrección {0}: {1} — {2}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_export.py" line="83"/>
        <source>Export failed: {0}</source>
        <translation>La exportación falló: {0}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_export.py" line="84"/>
        <source>Export FAILED: {0}</source>
        <translation>La exportación FALLÓ: {0}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_export.py" line="88"/>
        <location filename="../../leukemia_gui/tabs/train_export.py" line="89"/>
        <source>Export cancelled; nothing was written.</source>
        <translation>Exportación cancelada; no se escribió nada.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_text.py" line="47"/>
        <source>, ROI</source>
        <translation>, ROI</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_text.py" line="90"/>
        <source>on the {0} training images</source>
        <translation>en las {0} imágenes de entrenamiento</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_text.py" line="96"/>
        <source>Epoch {0}/{1}: loss {2}, accuracy {3}, val_loss {4}, val_accuracy {5}{6}</source>
        <translation>Época {0}/{1}: pérdida {2}, exactitud {3}, val_loss {4}, val_accuracy {5}{6}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_text.py" line="104"/>
        <source>loading images</source>
        <translation>cargando imágenes</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_text.py" line="106"/>
        <source>recalibrating BatchNorm on the training images</source>
        <translation>recalculando BatchNorm con las imágenes de entrenamiento</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_text.py" line="107"/>
        <source>calibrating</source>
        <translation>calibrando</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_text.py" line="109"/>
        <source>scoring the reference and the new images</source>
        <translation>puntuando la referencia y las imágenes nuevas</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_text.py" line="110"/>
        <source>testing</source>
        <translation>probando</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_text.py" line="111"/>
        <source>saving</source>
        <translation>guardando</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_text.py" line="113"/>
        <source>exporting the cell feature extractor</source>
        <translation>exportando el extractor de rasgos de células</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_text.py" line="114"/>
        <source>reading cells</source>
        <translation>leyendo células</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_text.py" line="125"/>
        <source>epoch {0}/{1}, batch {2}/{3}</source>
        <translation>época {0}/{1}, lote {2}/{3}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_text.py" line="131"/>
        <source>reading cells: {0} of {1} fields</source>
        <translation>leyendo células: {0} de {1} campos</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_text.py" line="133"/>
        <source>saved {0}</source>
        <translation>guardado en {0}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_text.py" line="139"/>
        <source>{0} of {1} listed image(s) are missing and are not used: {2}</source>
        <translation>faltan {0} de las {1} imagen(es) listadas, que no se usan: {2}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_text.py" line="141"/>
        <source>identical images under different classes: {0}</source>
        <translation>imágenes idénticas en clases distintas: {0}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_text.py" line="143"/>
        <source>… and {0} more groups of identical images under different classes</source>
        <translation>… y {0} grupos más de imágenes idénticas en clases distintas</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_text.py" line="145"/>
        <source>class {0} has only {1} training image(s): it is learnt from almost nothing</source>
        <translation>la clase {0} solo tiene {1} imagen(es) de entrenamiento: se aprende de casi nada</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_text.py" line="150"/>
        <source>{0} validation/test image(s) are copies of training images (derived from the same original, e.g. {1} and {2}) and are not used; split the folder again to use them</source>
        <translation>{0} imagen(es) de validación/prueba son copias de imágenes de entrenamiento (derivadas del mismo original, p. ej. {1} y {2}) y no se usan; vuelva a dividir la carpeta para usarlas</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_text.py" line="167"/>
        <source>relabelled</source>
        <translation>reetiquetada</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_text.py" line="168"/>
        <source>excluded</source>
        <translation>excluida</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_text.py" line="169"/>
        <source>unsure</source>
        <translation>dudosa</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_text.py" line="170"/>
        <source>confirmed</source>
        <translation>confirmada</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_text.py" line="171"/>
        <source>stale</source>
        <translation>obsoleta</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_text.py" line="172"/>
        <source>missing</source>
        <translation>ausente</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_text.py" line="173"/>
        <source>label_conflict</source>
        <translation>con conflicto de etiqueta</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_text.py" line="174"/>
        <source>not_in_data</source>
        <translation>fuera de los datos</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_text.py" line="198"/>
        <source>no corrections</source>
        <translation>ninguna corrección</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_text.py" line="205"/>
        <source>the image changed after it was corrected; skipped</source>
        <translation>la imagen cambió después de corregirla; se omitió</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_text.py" line="207"/>
        <source>no such image in this data</source>
        <translation>esta imagen no está en estos datos</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_text.py" line="210"/>
        <source>cannot read the image ({0})</source>
        <translation>no se puede leer la imagen ({0})</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_text.py" line="212"/>
        <source>corrected when labelled {0}, now labelled {1}; skipped</source>
        <translation>se corrigió con la etiqueta {0} y ahora tiene la etiqueta {1}; se omitió</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_text.py" line="177"/>
        <source>{0} relabelled</source>
        <translation>{0} reetiquetada(s)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_text.py" line="27"/>
        <source>none</source>
        <translation>ninguno</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_text.py" line="28"/>
        <source>reference</source>
        <translation>de referencia</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_text.py" line="29"/>
        <source>stain</source>
        <translation>de tinción</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_text.py" line="30"/>
        <source>stain-crop</source>
        <translation>de tinción y recorte</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_text.py" line="31"/>
        <source>stain-wide</source>
        <translation>de tinción amplio</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_text.py" line="32"/>
        <source>cosine</source>
        <translation>coseno</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_text.py" line="33"/>
        <source>plateau</source>
        <translation>meseta</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_text.py" line="178"/>
        <source>{0} excluded</source>
        <translation>{0} excluida(s)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_text.py" line="179"/>
        <source>{0} unsure</source>
        <translation>{0} dudosa(s)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_text.py" line="180"/>
        <source>{0} confirmed</source>
        <translation>{0} confirmada(s)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_text.py" line="181"/>
        <source>{0} stale</source>
        <translation>{0} obsoleta(s)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_text.py" line="182"/>
        <source>{0} missing</source>
        <translation>{0} ausente(s)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_text.py" line="183"/>
        <source>{0} label_conflict</source>
        <translation>{0} con conflicto de etiqueta</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_text.py" line="184"/>
        <source>{0} not_in_data</source>
        <translation>{0} fuera de los datos</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/train_run_view.py" line="65"/>
        <source>Cell features: {0}</source>
        <translation>Rasgos de las células: {0}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/train_export.py" line="68"/>
        <source>Writing the corrected copy: {0} of {1} — {2}</source>
        <translation>Escribiendo la copia corregida: {0} de {1} — {2}</translation>
    </message>
</context>
<context>
    <name>_StripCanvas</name>
    <message>
        <location filename="../../leukemia_gui/widgets/cell_strip.py" line="227"/>
        <source>The cells that weigh most in the field&apos;s result come first.</source>
        <translation>Primero van las células de más peso en el resultado del campo.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/cell_strip.py" line="223"/>
        <source>Cell {0}: {1}×{2} px crop, shown {3}:1 (nearest neighbour)</source>
        <translation>Célula {0}: recorte de {1}×{2} px, mostrado a {3}:1 (vecino más próximo)</translation>
    </message>
</context>
</TS>
