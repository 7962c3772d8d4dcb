/** Example deliveries for the OpenAPI document (shapes as Meta documents them; ids made up). */
export const LEADGEN_EXAMPLE = {
  object: 'page',
  entry: [
    {
      id: '102938475610293',
      time: 1796400000,
      changes: [{ field: 'leadgen', value: { ad_id: '120210000000000001', form_id: '998877665544332', leadgen_id: '1234567890123456', created_time: 1796400000, page_id: '102938475610293', adgroup_id: '120210000000000002' } }],
    },
  ],
};

export const WHATSAPP_EXAMPLE = {
  object: 'whatsapp_business_account',
  entry: [
    {
      id: '1122334455667788',
      changes: [
        {
          field: 'messages',
          value: {
            messaging_product: 'whatsapp',
            metadata: { display_phone_number: '15550001111', phone_number_id: '106540352242922' },
            contacts: [{ profile: { name: 'Dana' }, wa_id: '12065550143' }],
            messages: [{ from: '12065550143', id: 'wamid.HBgLMTIwNjU1NTAxNDMVAgASGBQzQTdCRjM0', timestamp: '1796400000', type: 'text', text: { body: 'Hi, is the Ballard townhouse still available?' } }],
          },
        },
      ],
    },
  ],
};
