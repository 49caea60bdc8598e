// A text area whose label is also its placeholder, handing back the text as typed (comments, reasons).
import { Input, type GetProps } from 'antd';

type Props = Omit<GetProps<typeof Input.TextArea>, 'onChange'> & { label: string; onText: (text: string) => void };
export const NoteArea = ({ label, onText, ...rest }: Props) => (
  <Input.TextArea aria-label={label} placeholder={label} onChange={(x) => onText(x.target.value)} {...rest} />
);
