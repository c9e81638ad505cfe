<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../leukemia_gui/about_dialog.py" line="46"/>
        <source>About ALL Classifier</source>
        <translation>Acerca de ALL Classifier</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/about_dialog.py" line="47"/>
        <source>Research use only — not for diagnostic use.</source>
        <translation>Solo para investigación — no apto para uso diagnóstico.</translation>
    </message>
</context>
<context>
    <name>AuditBarWidget</name>
    <message>
        <location filename="../../leukemia_gui/widgets/audit_bar.py" line="42"/>
        <source>Change…</source>
        <translation>Cambiar…</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/audit_bar.py" line="44"/>
        <source>Research use only — not for diagnostic use.</source>
        <translation>Solo para investigación — no apto para uso diagnóstico.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/audit_bar.py" line="57"/>
        <source>Audit log: {0}</source>
        <translation>Registro de auditoría: {0}</translation>
    </message>
</context>
<context>
    <name>ClassifyTab</name>
    <message>
        <location filename="../../leukemia_gui/tabs/classify_tab.py" line="94"/>
        <source>Add images…</source>
        <translation>Añadir imágenes…</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/classify_tab.py" line="95"/>
        <source>Add folder…</source>
        <translation>Añadir carpeta…</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/classify_tab.py" line="96"/>
        <source>Paste</source>
        <translation>Pegar</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/classify_tab.py" line="97"/>
        <source>Classify an image or image files from the clipboard (Ctrl+V)</source>
        <translation>Clasificar una imagen o archivos de imagen del portapapeles (Ctrl+V)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/classify_tab.py" line="98"/>
        <source>Clear</source>
        <translation>Vaciar</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/classify_tab.py" line="99"/>
        <source>Export CSV…</source>
        <translation>Exportar CSV…</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/classify_tab.py" line="100"/>
        <source>Review queue…</source>
        <translation>Cola de revisión…</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/classify_tab.py" line="101"/>
        <source>Go through the uncertain images (and, in class folders, the ones predicted differently) in the Review tab</source>
        <translation>Recorrer las imágenes inciertas (y, en carpetas por clase, las clasificadas de otro modo) en la pestaña Revisar</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/classify_tab.py" line="105"/>
        <source>One case</source>
        <translation>Un caso</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/classify_tab.py" line="106"/>
        <source>The images are fields of one smear: also read them together (mean probability over the confident fields)</source>
        <translation>Las imágenes son campos de un mismo frotis: leerlas también juntas (probabilidad media de los campos seguros)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/classify_tab.py" line="120"/>
        <source>Drop image files or folders here, or use Add images… / Add folder… / Ctrl+V.</source>
        <translation>Arrastre aquí archivos de imagen o carpetas, o use Añadir imágenes… / Añadir carpeta… / Ctrl+V.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/classify_tab.py" line="124"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/classify_tab.py" line="151"/>
        <source>Select or drop an image</source>
        <translation>Seleccione o arrastre una imagen</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/classify_tab.py" line="228"/>
        <source>The clipboard holds no image or image files.</source>
        <translation>El portapapeles no contiene ninguna imagen ni archivos de imagen.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/classify_tab.py" line="299"/>
        <source>Classifying…</source>
        <translation>Clasificando…</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/classify_tab.py" line="404"/>
        <source>Classified {0} image(s).</source>
        <translation>{0} imagen(es) clasificada(s).</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/classify_tab.py" line="405"/>
        <source>No image files found.</source>
        <translation>No se encontraron archivos de imagen.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/classify_tab.py" line="411"/>
        <source>Cancelled after {0} image(s).</source>
        <translation>Cancelado tras {0} imagen(es).</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/classify_tab.py" line="501"/>
        <source>Model: none</source>
        <translation>Modelo: ninguno</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/tabs/classify_tab.py" line="503"/>
        <source>Model: {0}</source>
        <translation>Modelo: {0}</translation>
    </message>
</context>
<context>
    <name>EmptyStateWidget</name>
    <message>
        <location filename="../../leukemia_gui/widgets/empty_state.py" line="52"/>
        <source>Start here: classify blood-smear images</source>
        <translation>Empiece aquí: clasifique imágenes de frotis de sangre</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/empty_state.py" line="54"/>
        <source>Drop image files or a folder of images on this window, or use Add images… / Add folder… above (Ctrl+V pastes an image). Each image gets a class, a confidence and, where the model is unsure, an Uncertain flag.</source>
        <translation>Arrastre archivos de imagen o una carpeta de imágenes a esta ventana, o use Añadir imágenes… / Añadir carpeta… arriba (Ctrl+V pega una imagen). Cada imagen recibe una clase, una confianza y, cuando el modelo duda, la marca Incierta.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/empty_state.py" line="57"/>
        <source>Try the bundled samples</source>
        <translation>Probar las muestras incluidas</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/empty_state.py" line="58"/>
        <source>Classify the eight sample images that come with the app (two per class)</source>
        <translation>Clasificar las ocho imágenes de muestra que trae la aplicación (dos por clase)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/empty_state.py" line="60"/>
        <source>Getting started: what each tab does</source>
        <translation>Primeros pasos: qué hace cada pestaña</translation>
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
        <location filename="../../leukemia_gui/glossary.py" line="15"/>
        <source>pp (percentage points): the plain difference of two percentages, e.g. 90 % to 93 % is +3 pp (not +3 %).</source>
        <translation>pp (puntos porcentuales): la diferencia simple entre dos porcentajes; p. ej., de 90 % a 93 % son +3 pp (no +3 %).</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/glossary.py" line="20"/>
        <source>Uncertain: the model is not sure about this image — the two most likely classes are close, or the image is unlike the training images (colour or content). Review such images by eye; the confidence alone does not say so.</source>
        <translation>Incierta: el modelo no está seguro de esta imagen — las dos clases más probables están cerca, o la imagen no se parece a las de entrenamiento (color o contenido). Revise estas imágenes a ojo; la confianza por sí sola no lo indica.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/glossary.py" line="26"/>
        <source>Heatmap: where in the image the model found evidence for the predicted class, blue (little) to red (much). It shows where the model looked, not a diagnosis.</source>
        <translation>Mapa de calor: dónde encontró el modelo indicios de la clase predicha, de azul (pocos) a rojo (muchos). Muestra dónde miró el modelo, no un diagnóstico.</translation>
    </message>
</context>
<context>
    <name>HeatmapLegend</name>
    <message>
        <location filename="../../leukemia_gui/widgets/heatmap_legend.py" line="28"/>
        <source>less</source>
        <translation>menos</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/heatmap_legend.py" line="31"/>
        <source>more evidence</source>
        <translation>más indicios</translation>
    </message>
</context>
<context>
    <name>HelpDialog</name>
    <message>
        <location filename="../../leukemia_gui/help_dialog.py" line="32"/>
        <source>Getting started</source>
        <translation>Primeros pasos</translation>
    </message>
</context>
<context>
    <name>ImageResultWidget</name>
    <message>
        <location filename="../../leukemia_gui/widgets/image_result.py" line="39"/>
        <source>Show heatmap</source>
        <translation>Mostrar mapa de calor</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/image_result.py" line="40"/>
        <location filename="../../leukemia_gui/widgets/image_result.py" line="75"/>
        <source>Colour where the model found evidence for the predicted class</source>
        <translation>Colorear dónde encontró el modelo indicios de la clase predicha</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/image_result.py" line="41"/>
        <source>Cells</source>
        <translation>Células</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../leukemia_gui/main_window.py" line="80"/>
        <source>ALL Classifier — research use only</source>
        <translation>ALL Classifier — solo para investigación</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/main_window.py" line="92"/>
        <source>Dataset</source>
        <translation>Datos</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/main_window.py" line="92"/>
        <source>Train</source>
        <translation>Entrenar</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/main_window.py" line="93"/>
        <source>Evaluate</source>
        <translation>Evaluar</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/main_window.py" line="94"/>
        <source>Classify</source>
        <translation>Clasificar</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/main_window.py" line="95"/>
        <source>Review</source>
        <translation>Revisar</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/main_window.py" line="95"/>
        <source>Compare</source>
        <translation>Comparar</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/main_window.py" line="114"/>
        <source>Research use only — not for diagnostic use.</source>
        <translation>Solo para investigación — no apto para uso diagnóstico.</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/main_window.py" line="130"/>
        <source>&amp;File</source>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/main_window.py" line="131"/>
        <source>Open &amp;model…</source>
        <translation>Abrir &amp;modelo…</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/main_window.py" line="133"/>
        <source>Use a model folder (checked before use)</source>
        <translation>Usar una carpeta de modelo (se comprueba antes de usarla)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/main_window.py" line="135"/>
        <source>Open &amp;dataset…</source>
        <translation>Abrir &amp;datos…</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/main_window.py" line="138"/>
        <source>&amp;Quit</source>
        <translation>&amp;Salir</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/main_window.py" line="146"/>
        <source>&amp;Help</source>
        <translation>Ay&amp;uda</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/main_window.py" line="147"/>
        <source>&amp;Getting started</source>
        <translation>&amp;Primeros pasos</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/main_window.py" line="149"/>
        <source>What each tab does, where to start, the terms</source>
        <translation>Qué hace cada pestaña, por dónde empezar, los términos</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/main_window.py" line="151"/>
        <source>&amp;Keyboard shortcuts</source>
        <translation>Atajos de &amp;teclado</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/main_window.py" line="153"/>
        <source>&amp;Language</source>
        <translation>&amp;Idioma</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/main_window.py" line="157"/>
        <source>System default</source>
        <translation>El del sistema</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/main_window.py" line="164"/>
        <source>&amp;About…</source>
        <translation>&amp;Acerca de…</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/main_window.py" line="221"/>
        <source>open one</source>
        <translation>abra uno</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/main_window.py" line="222"/>
        <source>No model loaded — {0} (File → Open model…)</source>
        <translation>Ningún modelo cargado — {0} (Archivo → Abrir modelo…)</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/main_window.py" line="226"/>
        <source>Model: {0} · {1}</source>
        <translation>Modelo: {0} · {1}</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/main_window.py" line="288"/>
        <source>The language changes when the app is started again.</source>
        <translation>El idioma cambia cuando se vuelve a iniciar la aplicación.</translation>
    </message>
</context>
<context>
    <name>ResultsTableWidget</name>
    <message>
        <location filename="../../leukemia_gui/widgets/results_table.py" line="40"/>
        <source>File</source>
        <translation>Archivo</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/results_table.py" line="40"/>
        <source>Class</source>
        <translation>Clase</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/results_table.py" line="40"/>
        <source>Confidence</source>
        <translation>Confianza</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/results_table.py" line="41"/>
        <source>Uncertain</source>
        <translation>Incierta</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/results_table.py" line="41"/>
        <source>Cells</source>
        <translation>Células</translation>
    </message>
    <message>
        <location filename="../../leukemia_gui/widgets/results_table.py" line="42"/>
        <source>Reason/Error</source>
        <translation>Motivo/Error</translation>
    </message>
</context>
</TS>
